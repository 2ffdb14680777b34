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
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", Household(centre, presence, people));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    /// <summary>A family of <paramref name="people"/>, women and men in turn, there by <paramref name="presence"/> (day and night when null).</summary>
    internal static object Household(Guid centre, string? presence, int people) => new
    {
        centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), presence,
        members = Enumerable.Range(0, people).Select(i => (object)new
        {
            sex = i % 2 == 0 ? "female" : "male", dateOfBirth = Api.Born(30 - i), dateOfBirthEstimated = false, relationship = i == 0 ? "head" : "child",
        }).ToArray(),
    };

    [Fact]
    public async Task A_family_that_stops_sleeping_at_a_centre_full_by_night_is_no_longer_counted_in_need_of_shelter()
    {
        var centre = await system.Gateway.CreateCenterAsync("Presence hall " + Guid.NewGuid().ToString("N")[..6], nightCapacity: 4);
        using (var heated = await system.Gateway.PatchAsJsonAsync($"api/centers/{centre}", new { heated = true }))
        {
            Assert.Equal(HttpStatusCode.OK, heated.StatusCode);
        }
        async Task<JsonObject?> SummaryAsync() =>
            await system.Gateway.GetJsonOrNullAsync($"api/needs/summary?centerId={centre}") is { } summary && summary.Int("people") == 4 ? summary : null;
        static int InNeedOfShelter(JsonObject summary) => summary["sectors"]!.AsArray().Single(s => s!["sector"]!.GetValue<string>() == "shelter").Int("inNeed");

        var family = await RegisterAsync(centre, null, 4);
        // Four people sleeping in a centre that sleeps four: full by night, so in need of shelter.
        Assert.Equal(4, InNeedOfShelter(await Eventually.Get(SummaryAsync, TimeSpan.FromSeconds(30), "Needs to count the family")));

        using var correction = new HttpRequestMessage(HttpMethod.Put, $"api/households/{family}") { Content = JsonContent.Create(Household(centre, "dayOnly", 4)) };
        correction.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using (var corrected = await system.Gateway.SendAsync(correction))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }

        // They now sleep with relatives: nobody sleeps there, and nobody is in need of shelter.
        await Eventually.True(async () => await SummaryAsync() is { } summary && InNeedOfShelter(summary) == 0, TimeSpan.FromSeconds(30),
            "the summary to count the family by day only");

        // A blanket given to them later changes what they received, not where they sleep: still four people, by day.
        using (var given = await system.Gateway.PostAsJsonAsync("api/needs/distributions", new
               {
                   id = Guid.NewGuid(), item = "blanket", quantity = 1, householdId = family, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow),
               }))
        {
            Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        }
        var after = await system.Gateway.GetJsonOrNullAsync($"api/needs/summary?centerId={centre}");
        Assert.Equal((1, 4, 0), (after.Int("households"), after.Int("people"), InNeedOfShelter(after!)));
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
