using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class DistributionTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<(Guid Centre, Guid Household)> FamilyWithABabyAsync(string centreName)
    {
        var centre = await system.Gateway.CreateCenterAsync(centreName);
        var household = Guid.NewGuid();
        using var created = await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre,
            Api.Member("female", Api.Born(30), "head"), Api.Member("male", Api.Born(6), "child"), Api.Member("female", Api.Born(0, 8), "child")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{household}") is not null, Wait, "Needs to assess the family");
        return (centre, household);
    }

    private static JsonObject Item(JsonObject? gaps, string item, string path = "gaps") =>
        gaps![path]!.AsArray().Select(g => g!.AsObject()).Single(g => g["item"]!.GetValue<string>() == item);

    private Task<HttpResponseMessage> DeliverAsync(Guid id, string item, int quantity, Guid? householdId = null, Guid? centerId = null) =>
        system.Gateway.PostAsJsonAsync("api/needs/distributions", new { id, item, quantity, householdId, centerId, deliveredOn = Today });

    [Fact]
    public async Task Blankets_handed_out_close_the_gap_a_resend_counts_once_and_more_than_needed_is_recorded()
    {
        var (_, household) = await FamilyWithABabyAsync("Distribution school 1");
        var first = Guid.NewGuid();

        // docs/domain.md: 3 people with a child under 2 in winter need 4 blankets.
        var before = Item(await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households/{household}"), "blanket");
        using var delivered = await DeliverAsync(first, "blanket", 3, householdId: household);
        using var resent = await DeliverAsync(first, "blanket", 3, householdId: household);
        using var different = await DeliverAsync(first, "blanket", 5, householdId: household);
        var after = Item(await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households/{household}"), "blanket");
        using var more = await DeliverAsync(Guid.NewGuid(), "blanket", 3, householdId: household);
        var over = Item(await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households/{household}"), "blanket");

        Assert.Equal((4, 0, 4), (before.Int("needed"), before.Int("delivered"), before.Int("gap")));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict), (delivered.StatusCode, resent.StatusCode, different.StatusCode));
        Assert.Equal((3, 1), (after.Int("delivered"), after.Int("gap")));
        Assert.Equal(HttpStatusCode.Created, more.StatusCode);
        Assert.Equal((6, 0, 2), (over.Int("delivered"), over.Int("gap"), over.Int("overDelivered")));
    }

    [Fact]
    public async Task A_heater_for_the_whole_centre_counts_in_the_centres_gap()
    {
        var (centre, household) = await FamilyWithABabyAsync("Distribution school 2");
        using (var toFamily = await DeliverAsync(Guid.NewGuid(), "mattress", 2, householdId: household)) Assert.Equal(HttpStatusCode.Created, toFamily.StatusCode);
        using (var toHall = await DeliverAsync(Guid.NewGuid(), "heater", 1, centerId: centre)) Assert.Equal(HttpStatusCode.Created, toHall.StatusCode);

        var gaps = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/gaps?centerId={centre}");

        Assert.Equal((1, 3), (gaps.Int("households"), gaps.Int("people")));
        Assert.Equal((3, 2, 1), (Item(gaps, "mattress", "items").Int("needed"), Item(gaps, "mattress", "items").Int("delivered"), Item(gaps, "mattress", "items").Int("gap")));
        Assert.Equal((1, 1, 0), (Item(gaps, "heater", "items").Int("needed"), Item(gaps, "heater", "items").Int("delivered"), Item(gaps, "heater", "items").Int("gap")));
        // Fuel for the season (4 months) and for one month's distribution.
        Assert.Equal((400, 100), (Item(gaps, "fuelLitre", "items").Int("needed"), gaps.Int("fuelLitresPerMonth")));
        var listed = await system.Gateway.GetFromJsonAsync<JsonArray>($"api/needs/distributions?centerId={centre}");
        Assert.Equal(2, listed!.Count);
    }

    [Fact]
    public async Task A_family_that_moves_takes_its_needs_and_what_it_received_to_its_new_centre_and_one_that_departs_takes_them_away()
    {
        var (school, household) = await FamilyWithABabyAsync("Distribution school 4");
        var mosque = await system.Gateway.CreateCenterAsync("Distribution mosque 4");
        using (var given = await DeliverAsync(Guid.NewGuid(), "blanket", 3, householdId: household)) Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        async Task<(int Households, int Needed, int Delivered, int People)> AtAsync(Guid centre)
        {
            var gaps = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/gaps?centerId={centre}");
            var card = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/centers/{centre}");
            return (gaps.Int("households"), Item(gaps, "blanket", "items").Int("needed"), Item(gaps, "blanket", "items").Int("delivered"), card.Int("people"));
        }
        Assert.Equal((1, 4, 3, 3), await AtAsync(school));

        using (var moved = await system.Gateway.PostAsJsonAsync($"api/households/{household}/movements", new { id = Guid.NewGuid(), kind = "transfer", centerId = mosque }))
        {
            Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        }
        await Eventually.True(async () => await AtAsync(mosque) == (1, 4, 3, 3), Wait, "the family's needs and blankets to move to the mosque");
        Assert.Equal((0, 0, 0, 0), await AtAsync(school));

        using (var departed = await system.Gateway.PostAsJsonAsync($"api/households/{household}/movements", new { id = Guid.NewGuid(), kind = "departure", destination = "hostFamily" }))
        {
            Assert.Equal(HttpStatusCode.Created, departed.StatusCode);
        }
        await Eventually.True(async () => await AtAsync(mosque) == (0, 0, 0, 0), Wait, "the family to stop counting at the mosque");
    }

    [Fact]
    public async Task A_distribution_without_item_quantity_or_target_is_refused_naming_each_field()
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/needs/distributions", new { id = Guid.NewGuid(), quantity = 0, deliveredOn = Today.AddDays(5) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["deliveredOn", "householdId", "item", "quantity"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_field_worker_records_distributions_at_their_own_centre_only()
    {
        var (centre, household) = await FamilyWithABabyAsync("Distribution school 3");
        var (_, elsewhere) = await FamilyWithABabyAsync("Distribution school 4");
        using var worker = await system.Accounts.ClientAsync(["field_worker"], centres: [centre]);

        using var own = await worker.PostAsJsonAsync("api/needs/distributions", new { id = Guid.NewGuid(), item = "clothingSet", quantity = 2, householdId = household, deliveredOn = Today });
        using var other = await worker.PostAsJsonAsync("api/needs/distributions", new { id = Guid.NewGuid(), item = "clothingSet", quantity = 2, householdId = elsewhere, deliveredOn = Today });

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Coordinators_see_households_most_urgent_first_with_reasons_and_can_list_those_still_short_of_an_item()
    {
        var tent = await system.Gateway.PostAsJsonAsync("api/centers", new
        {
            name = "Priority tent site", type = "tentSite", heated = false, adm1Code = "SY08", adm1Name = "Al-Hasakah", adm2Code = "SY0800",
            adm2Name = "Al-Hasakah", floorAreaM2 = 300, nightCapacity = 60,
        });
        var site = (await tent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        async Task<Guid> Register(params object[] members)
        {
            var id = Guid.NewGuid();
            using var created = await system.Gateway.PutAsJsonAsync($"api/households/{id}", Api.Household(site, members));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return id;
        }
        var couple = await Register(Api.Member("male", Api.Born(40), "head"), Api.Member("female", Api.Born(38), "spouse"));
        var withBaby = await Register(Api.Member("female", Api.Born(25), "head"), Api.Member("male", Api.Born(0, 6), "child"));
        var childHeaded = await Register(Api.Member("male", Api.Born(15), "head"), Api.Member("female", Api.Born(9), "sibling"));

        // The centre and the families reach Needs as separate events, in either order; a family assessed before its
        // tent site is known is weighed again when it is. Wait until all three are weighed in the tent.
        static bool InTent(JsonNode? h) => h!["priorityReasons"]!.AsArray().Any(r => r!["rule"]!.GetValue<string>() == "priority.exposedShelter");
        var page = await Eventually.Get(async () => await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households?centerId={site}") is { } p
            && p["items"]!.AsArray().Count == 3 && p["items"]!.AsArray().All(InTent) ? p : null, Wait, "Needs to weigh the three families in their tent site");
        var order = page!["items"]!.AsArray().Select(h => h!["householdId"]!.GetValue<Guid>()).ToList();
        var first = page["items"]![0]!;

        Assert.Equal([childHeaded, withBaby, couple], order);
        Assert.Equal(["child-headed household"], first["urgentReferrals"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()));
        var tentReason = page["items"]![1]!["priorityReasons"]![0]!;
        Assert.Equal(("tent, makeshift or unfinished shelter", "priority.exposedShelter", "tentSite"),
            (tentReason["text"]!.GetValue<string>(), tentReason["rule"]!.GetValue<string>(), tentReason["inputs"]!["centerType"]!.GetValue<string>()));

        using (var blankets = await DeliverAsync(Guid.NewGuid(), "blanket", 10, householdId: withBaby)) Assert.Equal(HttpStatusCode.Created, blankets.StatusCode);
        var stillShort = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households?centerId={site}&item=blanket");
        Assert.Equal([childHeaded, couple], stillShort!["items"]!.AsArray().Select(h => h!["householdId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Paging_through_the_priorities_lists_each_household_once_when_many_share_a_score_and_an_assessment_time()
    {
        var centre = await system.Gateway.CreateCenterAsync("Priority paging school");
        // 300 alike families sent by one phone: Needs assesses them in batches, each batch at one moment, all the same score.
        var sent = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
        var operations = sent.Select(id => new
        {
            kind = "household", id,
            household = Api.Household(centre, Api.Member("female", Api.Born(30), "head"), Api.Member("male", Api.Born(4), "child")),
        }).ToArray();
        using (var synced = await system.Gateway.PostAsJsonAsync("api/sync", new { deviceId = "phone-priority-paging", operations }))
        {
            Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        }
        await Eventually.Get(async () => (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households?centerId={centre}&page=2&pageSize=200"))!["items"]!
            .AsArray() is { Count: 100 } rest ? rest : null, Wait, "Needs to assess the 300 families");

        var listed = new List<Guid>();
        for (var page = 1; page <= 12; page++)
        {
            var items = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households?centerId={centre}&page={page}&pageSize=25"))!["items"]!.AsArray();
            listed.AddRange(items.Select(h => h!["householdId"]!.GetValue<Guid>()));
        }

        Assert.Equal(sent.Count, listed.Count);
        Assert.Equal(sent.Order(), listed.Order());
    }

    [Fact]
    public async Task When_a_centre_loses_its_heating_the_families_there_move_up()
    {
        var centre = await system.Gateway.CreateCenterAsync("Priority school heated");
        using (var heated = await system.Gateway.PatchAsJsonAsync($"api/centers/{centre}", new { heated = true })) heated.EnsureSuccessStatusCode();
        var household = Guid.NewGuid();
        using (var created = await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre, Api.Member("male", Api.Born(40), "head"))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        async Task<JsonObject?> Listed() => (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/needs/households?centerId={centre}"))!["items"]!
            .AsArray().Select(h => h!.AsObject()).FirstOrDefault(h => h["householdId"]!.GetValue<Guid>() == household);
        // Needs hears of the heater and of the family in any order: wait until it has both.
        var before = await Eventually.Get(async () => await Listed() is { } h && h.Int("priorityScore") == 0 ? h : null, Wait, "Needs to assess the family in a heated school");

        using (var broken = await system.Gateway.PatchAsJsonAsync($"api/centers/{centre}", new { heated = false })) broken.EnsureSuccessStatusCode();
        var after = await Eventually.Get(async () => await Listed() is { } h && h.Int("priorityScore") > before!.Int("priorityScore") ? h : null,
            Wait, "the family to be weighed again");

        Assert.Empty(before!["priorityReasons"]!.AsArray());
        Assert.Equal("unheated shelter", after!["priorityReasons"]![0]!["text"]!.GetValue<string>());
    }
}
