using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class SubscriptionTests(SystemFixture system)
{
    private async Task<JsonObject> SubscribeAsync(object body)
    {
        using var created = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task A_coordinator_changes_a_subscription_and_ends_it()
    {
        var subscription = await SubscribeAsync(new { organisation = "Editing fund", emails = new[] { "a@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY0800" } });
        var id = subscription["id"]!.GetValue<Guid>();
        Assert.Equal(["SY0800"], subscription["areas"]!.AsArray().Select(a => a!.GetValue<string>()));

        // A coordinator of the area (and no administrator) may change it.
        using var coordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);
        using (var changed = await coordinator.PatchAsJsonAsync($"api/reports/subscriptions/{id}", new { cron = "0 7 * * *", emails = new[] { "b@fund.example", "c@fund.example" } }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        var stored = await system.Gateway.GetJsonOrNullAsync($"api/reports/subscriptions/{id}");
        Assert.Equal("0 7 * * *", stored!["cron"]!.GetValue<string>());
        Assert.Equal(["b@fund.example", "c@fund.example"], stored["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("Editing fund", stored["organisation"]!.GetValue<string>());

        using (var ended = await coordinator.DeleteAsync($"api/reports/subscriptions/{id}")) Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Null(await system.Gateway.GetJsonOrNullAsync($"api/reports/subscriptions/{id}"));
        var listed = await system.Gateway.GetFromJsonAsync<JsonArray>("api/reports/subscriptions");
        Assert.DoesNotContain(id, listed!.Select(s => s!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_bad_cron_time_zone_address_or_scope_is_refused_naming_the_field()
    {
        using var created = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Bad fund", emails = new[] { "not-an-address" }, cron = "every monday", timeZone = "Mars/Olympus", areas = new[] { "SY02" } });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        var errors = (await created.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("emails[0]") && errors.ContainsKey("cron") && errors.ContainsKey("timeZone"), errors.ToJsonString());

        // The suite's own client is an administrator too; this coordinator is not.
        using var coordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);
        using var outside = await coordinator.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Far fund", emails = new[] { "far@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY02" } });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.True((await outside.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("areas[0]"));

        var id = (await SubscribeAsync(new { organisation = "Patch fund", emails = new[] { "p@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY08" } }))["id"];
        // An empty scope would be every centre: a coordinator may not widen a subscription to that.
        using var widened = await coordinator.PatchAsJsonAsync($"api/reports/subscriptions/{id}", new { areas = Array.Empty<string>(), centres = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, widened.StatusCode);
        using var patched = await system.Gateway.PatchAsJsonAsync($"api/reports/subscriptions/{id}", new { timeZone = "Nowhere/Else" });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        Assert.True((await patched.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("timeZone"));
    }

    [Fact]
    public async Task An_arabic_subscription_gets_its_reports_right_to_left_and_an_unknown_language_is_refused()
    {
        var subscription = await SubscribeAsync(new { organisation = "صندوق الإغاثة", emails = new[] { "ar@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", language = "ar" });
        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscription["id"]}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var html = await system.Gateway.GetStringAsync($"api/reports/{report}.html");
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html);
        Assert.Contains("الأرقام الرئيسية", html);

        using var french = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Fonds", emails = new[] { "fr@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, french.StatusCode);
        Assert.True((await french.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("language"));
    }

    [Fact]
    public async Task A_subscription_chooses_its_formats_and_the_email_carries_those_only()
    {
        var address = $"csv-{Guid.NewGuid():N}@fund.example";
        var subscription = await SubscribeAsync(new { organisation = "Spreadsheet fund", emails = new[] { address }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", formats = new[] { "csv" } });
        Assert.Equal(["csv"], subscription["formats"]!.AsArray().Select(f => f!.GetValue<string>()));
        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscription["id"]}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var mail = await Eventually.Get(() => Task.FromResult(system.Mailbox.Messages.FirstOrDefault(m => m.To.Contains(address))),
            TimeSpan.FromSeconds(60), "the report e-mail");
        // Text only, with the HXL CSV attached; the PDF and HTML stay a link away.
        Assert.Equal("", mail!.Html);
        Assert.Contains("KEY FIGURES", mail.Text);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("text/csv", attachment.ContentType);
        Assert.StartsWith("situation-report-", attachment.FileName);
        Assert.Contains("#affected+idps+ind", System.Text.Encoding.UTF8.GetString(attachment.Content));
        using var pdf = await system.Gateway.GetAsync($"api/reports/{report}.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        using var unknown = await system.Gateway.PatchAsJsonAsync($"api/reports/subscriptions/{subscription["id"]}", new { formats = new[] { "pdf", "docx" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("formats"));
    }
}
