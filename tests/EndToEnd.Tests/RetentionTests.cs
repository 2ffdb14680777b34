using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>The suite keeps closed households' personal data for seconds instead of 180 days.</summary>
[Collection(nameof(SystemCollection))]
public class RetentionTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_family_back_home_and_visited_loses_its_names_after_the_period_and_every_figure_stays_the_same()
    {
        var centre = await system.Gateway.CreateCenterAsync("Retention school 1");
        var staying = await RegisterAsync(centre, "Salma Haddad", 3);
        var leaving = await RegisterAsync(centre, "Rima Qassab", 2);
        await MoveAsync(leaving, new { id = Guid.NewGuid(), kind = "departure", destination = "returnedHome", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
        await MoveAsync(leaving, new { id = Guid.NewGuid(), kind = "followUp", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        // Figures for a fixed period, once Needs' summary of the centre (3 people in need of winter items) is in too.
        var figures = $"api/reports/figures?centerId={centre}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}";
        var before = await Eventually.Get(async () =>
            await system.Gateway.GetJsonOrNullAsync(figures) is { } f && f.Int("people") == 3
            && f["sectors"]!.AsArray().Single(s => s!["sector"]!.GetValue<string>() == "winterization")!.Int("inNeedTotal") == 3 ? f : null,
            Wait, "Reporting to count the stay and Needs' summary of it");

        var purged = await Eventually.Get(async () =>
            await system.Gateway.GetJsonOrNullAsync($"api/households/{leaving}") is { } h && h["members"]![0]!["nameLatin"] is null ? h : null, Wait, "the names to be erased");
        var after = await system.Gateway.GetFromJsonAsync<JsonObject>(figures);
        var occupancy = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centre}/occupancy");

        Assert.Equal("returnedHome", purged["place"]!["destination"]!.GetValue<string>());
        Assert.Equal(2, purged["members"]!.AsArray().Count);
        Assert.Equal(before.ToJsonString(), after!.ToJsonString());
        Assert.Equal(3, occupancy.Int("people"));
        var found = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?q=Qassab");
        Assert.Empty(found!["items"]!.AsArray());
        Assert.Equal("Salma Haddad", (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{staying}"))!["members"]![0]!["nameLatin"]!.GetValue<string>());
    }

    private async Task<Guid> RegisterAsync(Guid centre, string head, int people)
    {
        var id = Guid.NewGuid();
        var members = new List<object> { new { sex = "female", dateOfBirth = Api.Born(35), relationship = "head", nameLatin = head } };
        for (var i = 1; i < people; i++) members.Add(Api.Member(i % 2 == 0 ? "female" : "male", Api.Born(i * 3), "child"));
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new { centerId = centre, members });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task MoveAsync(Guid household, object movement)
    {
        using var response = await system.Gateway.PostAsJsonAsync($"api/households/{household}/movements", movement);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
