using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>docs/domain.md, "Occupancy by day and by night": each capacity is measured against the people there at that time.</summary>
[Collection(nameof(SystemCollection))]
public sealed class PresenceTests(SystemFixture system)
{
    private async Task<Guid> RegisterAsync(Guid centre, string? presence, int people)
    {
        var id = Guid.NewGuid();
        var members = Enumerable.Range(0, people).Select(i => (object)new
        {
            sex = i % 2 == 0 ? "female" : "male", dateOfBirth = Api.Born(30 - i), dateOfBirthEstimated = false, relationship = i == 0 ? "head" : "child",
        }).ToArray();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new { centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), presence, members });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    [Fact]
    public async Task A_family_out_by_day_counts_against_night_capacity_only_and_a_family_here_by_day_against_day_capacity_only()
    {
        var centre = await system.Gateway.CreateCenterAsync("Presence school " + Guid.NewGuid().ToString("N")[..6], nightCapacity: 10);
        using (var dayCapacity = await system.Gateway.PatchAsJsonAsync($"api/centers/{centre}", new { dayCapacity = 10 }))
        {
            Assert.Equal(HttpStatusCode.OK, dayCapacity.StatusCode);
        }

        await RegisterAsync(centre, null, 4);            // here day and night
        var working = await RegisterAsync(centre, "nightOnly", 5);  // sleeps here, out by day
        await RegisterAsync(centre, "dayOnly", 2);       // spends the day, sleeps with relatives

        var occupancy = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centre}/occupancy"))!;
        Assert.Equal(11, occupancy.Int("people"));
        Assert.Equal((9, 90, "near"), (occupancy["night"].Int("people"), occupancy["night"].Int("percent"), occupancy["night"]!["level"]!.GetValue<string>()));
        Assert.Equal((6, 60, "ok"), (occupancy["day"].Int("people"), occupancy["day"].Int("percent"), occupancy["day"]!["level"]!.GetValue<string>()));
        Assert.Equal("nightOnly", (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{working}"))!["presence"]!.GetValue<string>());

        // Needs measures the same: 90 % at night, 60 % by day.
        var needs = await Eventually.Get(async () =>
            await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centre}") is { } c && c.Int("people") == 11 ? c : null, TimeSpan.FromSeconds(30), "Needs to count the three families");
        Assert.Equal((90, 60), (needs.Int("evaluation.nightOccupancyPercent"), needs.Int("evaluation.dayOccupancyPercent")));

        using var wrong = await system.Gateway.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", new
        {
            centerId = centre, presence = "weekends", members = new[] { new { sex = "female", dateOfBirth = Api.Born(30), relationship = "head" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }
}
