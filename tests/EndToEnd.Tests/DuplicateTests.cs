using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class DuplicateTests(SystemFixture system)
{
    private async Task<Guid> RegisterAsync(Guid centerId, string nameLatin, string nameArabic, DateOnly born)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId,
            members = new object[]
            {
                new { sex = "male", dateOfBirth = born, relationship = "head", nameLatin, nameArabic },
                new { sex = "female", dateOfBirth = born.AddYears(3), relationship = "spouse", nameLatin = "Fatima " + nameLatin.Split(' ')[^1] },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    /// <summary>Every event written has been published and every published one consumed.</summary>
    private static async Task QuietAsync()
    {
        await Eventually.True(async () => await TestServers.ScalarAsync<long>(SystemFixture.Database("Registration"), "SELECT count(*) FROM outbox_message") == 0,
            TimeSpan.FromSeconds(30), "the outbox to drain");
        await Eventually.True(async () => await TestServers.MessagesInFlightAsync(SystemFixture.VirtualHost) == 0, TimeSpan.FromSeconds(30), "matching to finish");
    }

    private async Task<JsonObject?> PairOf(Guid a, Guid b) =>
        (await system.Gateway.GetFromJsonAsync<JsonArray>("api/duplicates"))!.OfType<JsonObject>().FirstOrDefault(p =>
            new[] { p["first"]?["id"]?.GetValue<Guid>(), p["second"]?["id"]?.GetValue<Guid>() }.Order().SequenceEqual(new Guid?[] { a, b }.Order()));

    [Fact]
    public async Task A_family_registered_in_two_governorates_is_shown_to_each_side_with_the_other_withheld_and_resolved_by_a_coordinator_of_both()
    {
        var hasakah = await system.Gateway.CreateCenterAsync("Cross-area school");
        using var opened = await system.Gateway.PostAsJsonAsync("api/centers", new
        {
            name = "Idleb cross-area school", type = "school", adm1Code = "SY07", adm1Name = "Idleb", adm2Code = "SY0700", adm2Name = "Idleb",
            floorAreaM2 = 300, nightCapacity = 80, toiletsFemale = 4, toiletsMale = 2,
        });
        var idleb = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var surname = "Khudeir" + Random.Shared.Next(1000, 9999);
        var born = new DateOnly(1982, 6, 1);
        using var both = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08", "SY07"]);
        var first = await RegisterAsync(hasakah, $"Ahmad {surname}", "أحمد", born);
        Guid second;
        // A governorate no other test uses: they count what Ar-Raqqa's coordinator sees.
        using (var idlebCoordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY07"]))
        {
            second = Guid.NewGuid();
            using var registered = await idlebCoordinator.PutAsJsonAsync($"api/households/{second}", new
            {
                centerId = idleb,
                members = new object[]
                {
                    new { sex = "male", dateOfBirth = born, relationship = "head", nameLatin = $"Ahmed {surname}", nameArabic = "احمد" },
                    new { sex = "female", dateOfBirth = born.AddYears(3), relationship = "spouse", nameLatin = "Fatima " + surname },
                },
            });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using var hasakahOnly = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);

        var seenFromHasakah = await Eventually.Get(async () => (await hasakahOnly.GetFromJsonAsync<JsonArray>("api/duplicates"))!.OfType<JsonObject>()
            .FirstOrDefault(p => p["first"]?["id"]?.GetValue<Guid>() == first || p["second"]?["id"]?.GetValue<Guid>() == first), TimeSpan.FromSeconds(30),
            "the pair to be proposed to the Al-Hasakah coordinator");

        Assert.True(seenFromHasakah!["first"] is null || seenFromHasakah["second"] is null, "the other governorate's family is withheld");
        Assert.Equal("SY0700", seenFromHasakah["withheldDistrict"]!.GetValue<string>());
        Assert.DoesNotContain(second.ToString(), seenFromHasakah.ToJsonString());
        Assert.DoesNotContain($"Ahmed {surname}", seenFromHasakah.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await hasakahOnly.PostAsJsonAsync($"api/duplicates/{seenFromHasakah["id"]}/merge", new { keepHouseholdId = first, reason = "Same family" })).StatusCode);
        var seenByBoth = (await both.GetFromJsonAsync<JsonArray>("api/duplicates"))!.OfType<JsonObject>().Single(p => p["id"]!.GetValue<Guid>() == seenFromHasakah["id"]!.GetValue<Guid>());
        Assert.NotNull(seenByBoth["first"]);
        Assert.NotNull(seenByBoth["second"]);
        Assert.Equal(HttpStatusCode.OK, (await both.PostAsJsonAsync($"api/duplicates/{seenByBoth["id"]}/dismiss", new { reason = "Different fathers' names" })).StatusCode);
    }

    [Fact]
    public async Task The_same_family_registered_at_two_centres_is_proposed_for_review_and_merging_stops_counting_it_twice()
    {
        var school = await system.Gateway.CreateCenterAsync("Al-Hasakah school 40");
        var mosque = await system.Gateway.CreateCenterAsync("Al-Hasakah mosque 41");
        var surname = "Darwish" + Random.Shared.Next(1000, 9999);
        var born = new DateOnly(1979, 2, 10);
        var first = await RegisterAsync(school, $"Mohammed {surname}", "محمد", born);
        var second = await RegisterAsync(mosque, $"Muhammad {surname}", "مُحَمَّد", born.AddMonths(4));
        var stranger = await RegisterAsync(mosque, $"Walid Haddad{surname}", "وليد", new DateOnly(1990, 1, 1));

        var pair = await Eventually.Get(() => PairOf(first, second), TimeSpan.FromSeconds(30), "the pair to be proposed");
        await QuietAsync();
        Assert.Null(await PairOf(first, stranger));
        Assert.Equal("Mohammed " + surname, (pair!["first"]!["id"]!.GetValue<Guid>() == first ? pair["first"] : pair["second"])!["members"]![0]!["nameLatin"]!.GetValue<string>());

        using var withoutReason = await system.Gateway.PostAsJsonAsync($"api/duplicates/{pair["id"]}/merge", new { keepHouseholdId = first });
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("reason", (await withoutReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        using var merge = await system.Gateway.PostAsJsonAsync($"api/duplicates/{pair["id"]}/merge",
            new { keepHouseholdId = first, reason = "The head confirmed registering again at the mosque" });

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var decided = (await merge.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("The head confirmed registering again at the mosque", decided["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(decided["resolvedBy"]?.GetValue<string>()));
        Assert.Equal(2, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{mosque}/occupancy")).Int("people"));
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{mosque}")).Int("people") == 2,
            TimeSpan.FromSeconds(30), "Needs to stop counting the merged household");
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={mosque}")).Int("people") == 2,
            TimeSpan.FromSeconds(30), "Reporting to stop counting the merged household");
        // Both histories stay: the merged registration can still be read, and says into which, when and by whom.
        var mergedAway = await system.Gateway.GetJsonOrNullAsync($"api/households/{second}");
        Assert.Equal(first, mergedAway!["mergedInto"]!.GetValue<Guid>());
        Assert.NotNull(mergedAway["mergedAt"]);
        Assert.Equal(decided["resolvedBy"]!.GetValue<string>(), mergedAway["mergedBy"]!.GetValue<string>());
        var history = await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{second}/history");
        Assert.Equal(["merge", "create"], history!.Select(h => h!["action"]!.GetValue<string>()));
        Assert.All(history!, h => Assert.False(string.IsNullOrEmpty(h!["actor"]!.GetValue<string>())));
        using var again = await system.Gateway.PostAsJsonAsync($"api/duplicates/{pair["id"]}/merge", new { keepHouseholdId = first, reason = "Same family" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_dismissed_pair_is_not_proposed_again()
    {
        var centre = await system.Gateway.CreateCenterAsync("Al-Hasakah school 42");
        var surname = "Saleh" + Random.Shared.Next(1000, 9999);
        var born = new DateOnly(1988, 9, 9);
        var first = await RegisterAsync(centre, $"Khaled {surname}", "خالد", born);
        var second = await RegisterAsync(centre, $"Khalid {surname}", "خالد", born);
        var pair = await Eventually.Get(() => PairOf(first, second), TimeSpan.FromSeconds(30), "the pair to be proposed");

        using var dismiss = await system.Gateway.PostAsJsonAsync($"api/duplicates/{pair!["id"]}/dismiss", new { reason = "Two brothers with their own families" });
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        using var correction = await system.Gateway.PutAsJsonAsync($"api/households/{second}", new
        {
            centerId = centre,
            version = 1,
            members = new object[] { new { sex = "male", dateOfBirth = born, relationship = "head", nameLatin = $"Khalid {surname}", nameArabic = "خالد" } },
        });

        Assert.Equal(HttpStatusCode.OK, correction.StatusCode);
        await QuietAsync();
        Assert.Null(await PairOf(first, second));
        // The record's history shows the decision among the changes, the views of the queue not at all.
        var history = await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{first}/history");
        Assert.Equal(["dismiss", "create"], history!.Select(h => h!["action"]!.GetValue<string>()));
    }
}
