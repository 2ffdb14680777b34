using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// A centre's occupancy is read from totals the database keeps with every write (docs/decisions/ADR-013): whatever
/// changed a household, the totals say what counting its present households and their people afresh says.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class OccupancyTotalsTests(SystemFixture system)
{
    private static readonly string Registration = SystemFixture.Database("Registration");

    private async Task<Guid> RegisterAsync(Guid centre, string? presence, int people)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", PresenceTests.Household(centre, presence, people));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<JsonObject> OccupancyAsync(Guid centre) => (await system.Gateway.GetJsonOrNullAsync($"api/centers/{centre}/occupancy"))!;

    /// <summary>The present households and their people, counted from the households themselves.</summary>
    private static async Task<(long Households, long People)> CountedAfreshAsync(Guid centre) => (
        await TestServers.ScalarAsync<long>(Registration,
            "SELECT count(*) FROM households WHERE current_center_id = @c AND status = 'Present' AND merged_into_id IS NULL", ("c", centre)),
        await TestServers.ScalarAsync<long>(Registration,
            "SELECT count(*) FROM households h JOIN members m ON m.household_id = h.id WHERE h.current_center_id = @c AND h.status = 'Present' AND h.merged_into_id IS NULL",
            ("c", centre)));

    private static Task<long> ChangesNotFoldedAsync(Guid centre) =>
        TestServers.ScalarAsync<long>(Registration, "SELECT count(*) FROM occupancy_changes WHERE center_id = @c", ("c", centre));

    private static int People(JsonObject occupancy, string sex) => occupancy["bySexAndAge"]!.AsArray().Sum(b => b![sex]!.GetValue<int>());

    [Fact]
    public async Task Occupancy_kept_as_totals_says_what_counting_the_households_afresh_says_through_corrections_transfers_and_departures()
    {
        var first = await system.Gateway.CreateCenterAsync("Totals school " + Guid.NewGuid().ToString("N")[..6], nightCapacity: 20);
        var second = await system.Gateway.CreateCenterAsync("Totals hall " + Guid.NewGuid().ToString("N")[..6], nightCapacity: 20);
        var corrected = await RegisterAsync(first, null, 3);
        var transferred = await RegisterAsync(first, "nightOnly", 2);
        var departed = await RegisterAsync(first, null, 4);

        // A correction replaces the family's members (five now, none of the three) and where they are by day and night.
        using (var correction = new HttpRequestMessage(HttpMethod.Put, $"api/households/{corrected}") { Content = JsonContent.Create(PresenceTests.Household(first, "dayOnly", 5)) })
        {
            correction.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            using var response = await system.Gateway.SendAsync(correction);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var transfer = await system.Gateway.PostAsJsonAsync($"api/households/{transferred}/movements", new { id = Guid.NewGuid(), kind = "transfer", centerId = second }))
        {
            Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);
        }
        using (var departure = await system.Gateway.PostAsJsonAsync($"api/households/{departed}/movements", new { id = Guid.NewGuid(), kind = "departure", destination = "hostFamily" }))
        {
            Assert.Equal(HttpStatusCode.Created, departure.StatusCode);
        }

        var atFirst = await OccupancyAsync(first);
        Assert.Equal((1, 5), (atFirst.Int("households"), atFirst.Int("people")));
        Assert.Equal((0, 5), (atFirst.Int("night.people"), atFirst.Int("day.people")));
        Assert.Equal((3, 2, 0), (People(atFirst, "female"), People(atFirst, "male"), People(atFirst, "unknown")));
        var atSecond = await OccupancyAsync(second);
        Assert.Equal((1, 2), (atSecond.Int("households"), atSecond.Int("people")));
        Assert.Equal((2, 0), (atSecond.Int("night.people"), atSecond.Int("day.people")));
        Assert.Equal(await CountedAfreshAsync(first), (atFirst.Int("households"), atFirst.Int("people")));
        Assert.Equal(await CountedAfreshAsync(second), (atSecond.Int("households"), atSecond.Int("people")));

        // Folded into the totals, the changes give the same answer.
        await Eventually.True(async () => await ChangesNotFoldedAsync(first) + await ChangesNotFoldedAsync(second) == 0, TimeSpan.FromSeconds(60),
            "the changes to be folded into the totals");
        Assert.Equal(atFirst.ToJsonString(), (await OccupancyAsync(first)).ToJsonString());
        Assert.Equal(atSecond.ToJsonString(), (await OccupancyAsync(second)).ToJsonString());
    }
}
