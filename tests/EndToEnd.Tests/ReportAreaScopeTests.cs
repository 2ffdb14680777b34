using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// Subscriptions name donors' addresses and webhooks, and reports count people: a coordinator follows those of their
/// own areas only, in Reporting and in Notifications alike.
/// </summary>
[Collection(nameof(SystemCollection))]
public class ReportAreaScopeTests(SystemFixture system)
{
    [Fact]
    public async Task A_coordinator_lists_the_subscriptions_reports_and_deliveries_of_their_areas_and_none_of_another_governorates()
    {
        using var hasakah = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);
        using var elsewhere = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY11"]);
        using var created = await hasakah.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Scope fund", emails = new[] { "scope@fund.example" }, cron = "0 8 * * *", timeZone = "Asia/Damascus" });
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var run = await hasakah.PostAsync($"api/reports/subscriptions/{subscription}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var delivery = await Eventually.Get(async () => (await hasakah.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={report}"))!.FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the report's delivery to be recorded");

        var theirSubscriptions = await elsewhere.GetStringAsync("api/reports/subscriptions");
        var theirReports = await elsewhere.GetStringAsync("api/reports");
        var theirDeliveries = await elsewhere.GetStringAsync("api/notifications/deliveries");

        Assert.Contains(subscription.ToString(), await hasakah.GetStringAsync("api/reports/subscriptions"));
        Assert.Contains(report.ToString(), await hasakah.GetStringAsync("api/reports"));
        Assert.Equal("scope@fund.example", delivery!["recipient"]!.GetValue<string>());
        Assert.DoesNotContain(subscription.ToString(), theirSubscriptions);
        Assert.DoesNotContain("scope@fund.example", theirSubscriptions);
        Assert.DoesNotContain(report.ToString(), theirReports);
        Assert.DoesNotContain("scope@fund.example", theirDeliveries);
    }

    [Fact]
    public async Task A_report_keeps_the_scope_it_was_built_for_when_its_subscription_is_narrowed_later()
    {
        using var governorate = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);
        using var district = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY0800"]);
        using var created = await governorate.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Narrowing fund", emails = new[] { "narrow@fund.example" }, cron = "0 3 1 1 *", timeZone = "Asia/Damascus", areas = new[] { "SY08" } });
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var wide = await governorate.PostAsync($"api/reports/subscriptions/{subscription}/run", null);
        var wideReport = (await wide.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        using var narrowed = await governorate.PatchAsJsonAsync($"api/reports/subscriptions/{subscription}", new { areas = new[] { "SY0800" } });
        using var narrow = await district.PostAsync($"api/reports/subscriptions/{subscription}/run", null);
        var narrowReport = (await narrow.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync($"api/reports/{narrowReport}")).StatusCode);
        // The governorate-wide report counted other districts' people: still not the district coordinator's to read.
        Assert.Equal(HttpStatusCode.NotFound, (await district.GetAsync($"api/reports/{wideReport}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governorate.GetAsync($"api/reports/{wideReport}")).StatusCode);
    }
}
