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
        (await system.Gateway.DuplicatesAsync()).FirstOrDefault(p =>
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

        var seenFromHasakah = await Eventually.Get(async () => (await hasakahOnly.DuplicatesAsync())
            .FirstOrDefault(p => p["first"]?["id"]?.GetValue<Guid>() == first || p["second"]?["id"]?.GetValue<Guid>() == first), TimeSpan.FromSeconds(30),
            "the pair to be proposed to the Al-Hasakah coordinator");

        Assert.True(seenFromHasakah!["first"] is null || seenFromHasakah["second"] is null, "the other governorate's family is withheld");
        Assert.Equal("SY0700", seenFromHasakah["withheldDistrict"]!.GetValue<string>());
        Assert.DoesNotContain(second.ToString(), seenFromHasakah.ToJsonString());
        Assert.DoesNotContain($"Ahmed {surname}", seenFromHasakah.ToJsonString());
        // Enough of the other family to see whether the pair is worth raising with that area: no names, years not dates.
        var withheld = seenFromHasakah["withheld"]!;
        Assert.Equal("SY0700", withheld["district"]!.GetValue<string>());
        Assert.Equal(["male 1982", "female 1985"], withheld["members"]!.AsArray().Select(m => $"{m!["sex"]} {m["birthYear"]}"));
        Assert.DoesNotContain(born.ToString("yyyy-MM-dd"), withheld.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await hasakahOnly.GetAsync($"api/duplicates/{seenFromHasakah["id"]}")).StatusCode);
        using (var elsewhere = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY02"]))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"api/duplicates/{seenFromHasakah["id"]}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await hasakahOnly.PostAsJsonAsync($"api/duplicates/{seenFromHasakah["id"]}/merge", new { keepHouseholdId = first, reason = "Same family" })).StatusCode);
        var seenByBoth = (await both.DuplicatesAsync()).Single(p => p["id"]!.GetValue<Guid>() == seenFromHasakah["id"]!.GetValue<Guid>());
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
        var second = await RegisterAsync(mosque, $"Muhammad {surname}", "مُحَمَّد", born);
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

    /// <summary>A family name no other test uses, in Arabic and in Latin (a nisba: الفارمي, Al-Farmi), so pairs are this test's own.</summary>
    private static (string Arabic, string Latin) FamilyName()
    {
        (string Arabic, string Latin)[] letters = [("ب", "b"), ("ت", "t"), ("د", "d"), ("ر", "r"), ("ز", "z"), ("س", "s"), ("ف", "f"), ("ك", "k"), ("ل", "l"), ("م", "m"), ("ن", "n")];
        var (c1, c2, c3) = (letters[Random.Shared.Next(letters.Length)], letters[Random.Shared.Next(letters.Length)], letters[Random.Shared.Next(letters.Length)]);
        var (c4, c5) = (letters[Random.Shared.Next(letters.Length)], letters[Random.Shared.Next(letters.Length)]);
        return ("ال" + c1.Arabic + "ا" + c2.Arabic + c3.Arabic + "و" + c4.Arabic + c5.Arabic + "ي",
            "Al-" + char.ToUpperInvariant(c1.Latin[0]) + "a" + c2.Latin + c3.Latin + "ou" + c4.Latin + c5.Latin + "i");
    }

    private async Task<Guid> RegisterInOneScriptAsync(Guid centerId, bool arabic, (string Arabic, string Latin) family, DateOnly born)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId,
            members = new object[]
            {
                new { sex = "male", dateOfBirth = born, relationship = "head", nameArabic = arabic ? "خالد جابر " + family.Arabic : null, nameLatin = arabic ? null : "Khaled Jaber " + family.Latin },
                new { sex = "female", dateOfBirth = born.AddYears(4), relationship = "spouse", nameArabic = arabic ? "عائشة " + family.Arabic : null, nameLatin = arabic ? null : "Aisha " + family.Latin },
                new { sex = "male", dateOfBirth = born.AddYears(25), relationship = "child", nameArabic = arabic ? "عمر خالد " + family.Arabic : null, nameLatin = arabic ? null : "Omar Khaled " + family.Latin },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    [Fact]
    public async Task A_family_registered_only_in_Arabic_at_one_centre_and_only_in_Latin_at_another_is_proposed()
    {
        var school = await system.Gateway.CreateCenterAsync("Cross-script school");
        var mosque = await system.Gateway.CreateCenterAsync("Cross-script mosque");
        var family = FamilyName();
        var born = new DateOnly(1981, 3, 3);

        var arabic = await RegisterInOneScriptAsync(school, arabic: true, family, born);
        var latin = await RegisterInOneScriptAsync(mosque, arabic: false, family, born);

        var pair = await Eventually.Get(() => PairOf(arabic, latin), TimeSpan.FromSeconds(30), "the pair written in two scripts to be proposed");
        Assert.Contains("3 of 3 members alike", pair!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(pair["score"]!.GetValue<double>() >= 0.85);
    }

    [Fact]
    public async Task The_review_queue_pages_filters_by_centre_and_score_sorts_newest_first_and_names_the_statuses_it_takes()
    {
        var centre = await system.Gateway.CreateCenterAsync("Queue school");
        var elsewhere = await system.Gateway.CreateCenterAsync("Queue mosque");
        var pairs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var family = FamilyName();
            var born = new DateOnly(1975 + i, 4, 4);
            var first = await RegisterInOneScriptAsync(centre, arabic: true, family, born);
            var second = await RegisterInOneScriptAsync(elsewhere, arabic: false, family, born);
            pairs.Add((await Eventually.Get(() => PairOf(first, second), TimeSpan.FromSeconds(30), "the pair to be proposed"))!["id"]!.GetValue<Guid>());
        }

        async Task<JsonObject> Page(string query) => (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/duplicates?center={centre}&{query}"))!;
        var firstPage = await Page("pageSize=2&sort=newest");
        var secondPage = await Page("pageSize=2&page=2&sort=newest");
        var ids = firstPage["items"]!.AsArray().Concat(secondPage["items"]!.AsArray()).Select(p => p!["id"]!.GetValue<Guid>()).ToList();

        Assert.Equal(3, firstPage["total"]!.GetValue<int>());
        Assert.Equal(2, firstPage["items"]!.AsArray().Count);
        Assert.Equal(((IEnumerable<Guid>)pairs).Reverse(), ids);
        Assert.Equal(3, (await Page("minScore=0.85"))["total"]!.GetValue<int>());
        Assert.Equal(3, (await Page("status=open"))["total"]!.GetValue<int>());
        Assert.Equal(3, (await Page("status=Open"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await Page("status=dismissed"))["total"]!.GetValue<int>());
        using var unknownStatus = await system.Gateway.GetAsync($"api/duplicates?status=present");
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
        Assert.Equal("Choose one of: open, merged, dismissed.", (await unknownStatus.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["status"]![0]!.GetValue<string>());
        using var outOfRange = await system.Gateway.GetAsync($"api/duplicates?minScore=2");
        Assert.Equal(["minScore"], (await outOfRange.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        using var unknownOrder = await system.Gateway.GetAsync($"api/duplicates?sort=oldest");
        Assert.Equal("Choose one of: strongest, newest.", (await unknownOrder.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["sort"]![0]!.GetValue<string>());
        var one = await system.Gateway.GetJsonOrNullAsync($"api/duplicates/{pairs[0]}");
        Assert.Equal(pairs[0], one!["id"]!.GetValue<Guid>());
        Assert.NotNull(one["first"]);
        Assert.NotNull(one["second"]);
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
