using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>docs/domain.md, "Priority": a family displaced before weighs more, whether it says so or an earlier registration shows it.</summary>
[Collection(nameof(SystemCollection))]
public sealed class RepeatedDisplacementTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private async Task<Guid> RegisterAsync(Guid centre, string name, DateTimeOffset arrivedAt, int? previousDisplacements = null)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId = centre, arrivedAt, previousDisplacements,
            members = new object[]
            {
                new { sex = "male", dateOfBirth = new DateOnly(1979, 2, 10), relationship = "head", nameLatin = $"Ibrahim {name}" },
                new { sex = "female", dateOfBirth = new DateOnly(1982, 6, 1), relationship = "spouse", nameLatin = $"Amina {name}" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<JsonObject> RepeatedlyDisplacedReasonAsync(Guid household) => await Eventually.Get(async () =>
        (await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{household}"))?["priorityReasons"]?.AsArray()
            .OfType<JsonObject>().FirstOrDefault(r => r["rule"]!.GetValue<string>() == "priority.repeatedlyDisplaced"), Wait, "the repeatedly displaced reason");

    private static string Surname() => "Sheikhmous" + new string(Enumerable.Range(0, 5).Select(_ => "bdfklmnrstz"[Random.Shared.Next(11)]).ToArray());

    [Fact]
    public async Task A_family_that_says_it_was_displaced_twice_before_is_weighed_as_repeatedly_displaced()
    {
        var centre = await system.Gateway.CreateCenterAsync("Displaced school " + Guid.NewGuid().ToString("N")[..6]);
        var once = await RegisterAsync(centre, Surname(), DateTimeOffset.UtcNow.AddHours(-1), previousDisplacements: 0);
        var again = await RegisterAsync(centre, Surname(), DateTimeOffset.UtcNow.AddHours(-1), previousDisplacements: 2);

        var reason = await RepeatedlyDisplacedReasonAsync(again);

        Assert.Equal(("2", 10), (reason["inputs"]!["reportedEarlierDisplacements"]!.GetValue<string>(), reason["weight"]!.GetValue<int>()));
        Assert.Equal(2, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{again}")).Int("previousDisplacements"));
        var first = await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{once}");
        Assert.DoesNotContain(first!["priorityReasons"]!.AsArray(), r => r!["rule"]!.GetValue<string>() == "priority.repeatedlyDisplaced");
    }

    [Fact]
    public async Task An_earlier_registration_found_through_a_merge_makes_the_family_repeatedly_displaced()
    {
        var camp = await system.Gateway.CreateCenterAsync("Displaced camp " + Guid.NewGuid().ToString("N")[..6]);
        var school = await system.Gateway.CreateCenterAsync("Displaced hall " + Guid.NewGuid().ToString("N")[..6]);
        var name = Surname();
        // Registered in October, went home, fled again in December: the same family, two displacements.
        var october = await RegisterAsync(camp, name, DateTimeOffset.UtcNow.AddDays(-45));
        var december = await RegisterAsync(school, name, DateTimeOffset.UtcNow.AddHours(-2));
        var pair = await Eventually.Get(async () => (await system.Gateway.DuplicatesAsync($"center={school}")).FirstOrDefault(p =>
            new[] { p["first"]!["id"]!.GetValue<Guid>(), p["second"]!["id"]!.GetValue<Guid>() }.Order().SequenceEqual(new[] { october, december }.Order())),
            Wait, "the pair to be proposed");

        using var merge = await system.Gateway.PostAsJsonAsync($"api/duplicates/{pair["id"]}/merge",
            new { keepHouseholdId = december, reason = "The head registered at the camp in October" });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);

        var reason = await RepeatedlyDisplacedReasonAsync(december);
        Assert.Equal("1", reason["inputs"]!["earlierRegistrations"]!.GetValue<string>());
    }
}
