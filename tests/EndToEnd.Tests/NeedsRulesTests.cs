using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>Rule sets, cold-weather alerts, centre status and the needs summary, through the gateway.</summary>
[Collection(nameof(SystemCollection))]
public class NeedsRulesTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>A centre in an adm2 area of its own, so an alert raised for it touches no other test's families.</summary>
    private async Task<Guid> CentreAsync(string name, string adm2Code, string type, bool heated, int toiletsFemale = 0, int toiletsMale = 0)
    {
        using var created = await system.Gateway.PostAsJsonAsync("api/centers", new
        {
            name, type, heated, adm1Code = "SY08", adm1Name = "Al-Hasakah", adm2Code, adm2Name = "Test district",
            floorAreaM2 = 100, nightCapacity = 40, toiletsFemale, toiletsMale,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private async Task<Guid> FamilyAsync(Guid centre)
    {
        var household = Guid.NewGuid();
        using var created = await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre,
            Api.Member("female", Api.Born(30), "head"), Api.Member("male", Api.Born(1), "child"), Api.Member("female", Api.Born(66), "parent")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{household}") is not null, Wait, "Needs to assess the family");
        return household;
    }

    [Fact]
    public async Task A_cold_alert_moves_families_in_tents_of_its_area_up_and_says_why()
    {
        var tents = await CentreAsync("Alert tent site", "SY0871", "tentSite", heated: false);
        var family = await FamilyAsync(tents);
        var before = (await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{family}")).Int("priorityScore");

        using var raised = await system.Gateway.PostAsJsonAsync("api/needs/alerts", new { area = "SY0871", minimumTemperatureC = -9, endsAt = DateTimeOffset.UtcNow.AddHours(6) });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var alert = (await raised.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(alert["inForce"]!.GetValue<bool>());

        var after = await Eventually.Get(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{family}") is { } h
            && h["priorityReasons"]!.AsArray().Any(r => r!["rule"]!.GetValue<string>() == "priority.coldAlert") ? h : null, Wait, "the family to be weighed with the alert");
        var reason = after!["priorityReasons"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "priority.coldAlert")!;
        Assert.Equal("cold alert -9 C", reason["text"]!.GetValue<string>());
        Assert.Equal(alert["id"]!.GetValue<string>(), reason["inputs"]!["alertId"]!.GetValue<string>());
        Assert.True(after.Int("priorityScore") > before);
        var progress = await system.Gateway.GetJsonOrNullAsync($"api/needs/reevaluations/{alert["reevaluationId"]}");
        Assert.Equal("SY0871", progress!["area"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_centre_shows_its_toilets_water_and_status_with_the_reasons()
    {
        var centre = await CentreAsync("WASH school", "SY0872", "school", heated: true, toiletsFemale: 0, toiletsMale: 0);
        await FamilyAsync(centre);

        var status = await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centre}");

        Assert.Equal("critical", status!["status"]!.GetValue<string>());
        Assert.Contains("centre.toilets", status["reasons"]!.AsArray().Select(r => r!["rule"]!.GetValue<string>()));
        Assert.Equal(3 * 15, status["evaluation"]!.Int("waterLitresPerDay"));
    }

    [Fact]
    public async Task The_summary_counts_people_in_need_by_sector_sex_and_age_and_moves_reached_with_distributions()
    {
        var centre = await CentreAsync("Summary school", "SY0873", "school", heated: true, toiletsFemale: 3, toiletsMale: 1);
        var family = await FamilyAsync(centre);
        JsonObject Sector(JsonObject summary, string name) => summary["sectors"]!.AsArray().Single(s => s!["sector"]!.GetValue<string>() == name)!.AsObject();

        var before = Sector((await system.Gateway.GetJsonOrNullAsync($"api/needs/summary?centerId={centre}"))!, "winterization");
        Assert.Equal((3, 0, 3), (before.Int("inNeed"), before.Int("reached"), before.Int("gap")));
        var olderWomen = before["bySexAndAge"]!.AsArray().Single(c => c!["sex"]!.GetValue<string>() == "female" && c["ageBracket"]!.GetValue<string>() == "60+");
        Assert.Equal(1, olderWomen.Int("inNeed"));

        var needs = await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{family}");
        foreach (var (item, field) in new[] { ("blanket", "blankets"), ("mattress", "mattresses"), ("clothingSet", "clothingSets") })
        {
            using var given = await system.Gateway.PostAsJsonAsync("api/needs/distributions", new
            {
                id = Guid.NewGuid(), item, quantity = needs.Int(field), householdId = family, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow),
            });
            Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        }

        var after = Sector((await system.Gateway.GetJsonOrNullAsync($"api/needs/summary?centerId={centre}"))!, "winterization");
        Assert.Equal((3, 3, 0), (after.Int("inNeed"), after.Int("reached"), after.Int("gap")));
    }

    [Fact]
    public async Task A_coordinator_publishes_rules_and_every_open_family_is_assessed_again_with_progress_to_follow()
    {
        var centre = await CentreAsync("Rules school", "SY0874", "school", heated: true, toiletsFemale: 3, toiletsMale: 1);
        var family = await FamilyAsync(centre);

        using var refused = await system.Gateway.PostAsJsonAsync("api/needs/rulesets", new { rules = new { seasonStartMonth = 13, blanketsPerChild = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("rules.blanketsPerChild"), errors.ToJsonString());

        // The same numbers as the defaults, so the families of other tests keep their needs.
        using var published = await system.Gateway.PostAsJsonAsync("api/needs/rulesets", new { note = "Confirmed for this winter", rules = new { waterLitresPerPersonPerDay = 15 } });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var version = (await published.Content.ReadFromJsonAsync<JsonObject>())!;
        var reevaluation = version["reevaluationId"]!.GetValue<Guid>();

        var finished = await Eventually.Get(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/reevaluations/{reevaluation}") is { } r
            && r["status"]!.GetValue<string>() == "finished" ? r : null, Wait, "the re-evaluation to finish");
        Assert.Equal(finished.Int("total"), finished.Int("done"));
        Assert.Equal(100, finished.Int("percentDone"));
        var needs = await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{family}");
        Assert.Equal(version["version"]!.GetValue<string>(), needs!["ruleSetVersion"]!.GetValue<string>());
        var current = await system.Gateway.GetJsonOrNullAsync("api/needs/rulesets");
        Assert.Equal(version["version"]!.GetValue<string>(), current!["current"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_coordinator_sets_the_winter_of_their_own_areas_only_and_never_the_rules_of_every_area()
    {
        using var hasakah = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY0876"]);
        using var admin = await system.Accounts.AdminAsync();
        using (var elsewhere = await admin.PostAsJsonAsync("api/needs/rulesets",
                   new { rules = new { areaSeasons = new[] { new { area = "SY1100", startMonth = 11, endMonth = 2 } } } }))
        {
            Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        }

        using var everyArea = await hasakah.PostAsJsonAsync("api/needs/rulesets", new { rules = new { seasonStartMonth = 9 } });
        using var otherArea = await hasakah.PostAsJsonAsync("api/needs/rulesets",
            new { rules = new { areaSeasons = new[] { new { area = "SY1100", startMonth = 9, endMonth = 4 } } } });
        using var ownArea = await hasakah.PostAsJsonAsync("api/needs/rulesets",
            new { note = "Khabur valley winter", rules = new { areaSeasons = new[] { new { area = "SY0876", startMonth = 10, endMonth = 3 } } } });

        Assert.Equal(HttpStatusCode.Forbidden, everyArea.StatusCode);
        Assert.True((await everyArea.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("rules.seasonStartMonth"));
        Assert.Equal(HttpStatusCode.Forbidden, otherArea.StatusCode);
        Assert.True((await otherArea.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("rules.areaSeasons[0].area"));
        Assert.Equal(HttpStatusCode.Created, ownArea.StatusCode);
        var seasons = (await ownArea.Content.ReadFromJsonAsync<JsonObject>())!["rules"]!["areaSeasons"]!.AsArray();
        // The other governorate's season, set by an administrator, is kept beside the coordinator's own.
        Assert.Contains(seasons, s => s!["area"]!.GetValue<string>() == "SY1100" && s["startMonth"]!.GetValue<int>() == 11);
        Assert.Contains(seasons, s => s!["area"]!.GetValue<string>() == "SY0876" && s["startMonth"]!.GetValue<int>() == 10);
    }

    [Fact]
    public async Task Alerts_and_their_reevaluations_are_listed_to_the_areas_they_concern()
    {
        using var raised = await system.Gateway.PostAsJsonAsync("api/needs/alerts",
            new { area = "SY0877", minimumTemperatureC = -6, endsAt = DateTimeOffset.UtcNow.AddHours(3) });
        var alert = (await raised.Content.ReadFromJsonAsync<JsonObject>())!;
        var (id, reevaluation) = (alert["id"]!.GetValue<Guid>(), alert["reevaluationId"]?.GetValue<Guid>());
        using var hasakah = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);
        using var raqqa = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY11"]);

        Assert.Contains(id.ToString(), await hasakah.GetStringAsync("api/needs/alerts"));
        Assert.DoesNotContain(id.ToString(), await raqqa.GetStringAsync("api/needs/alerts"));
        Assert.Equal(HttpStatusCode.NotFound, (await raqqa.GetAsync($"api/needs/alerts/{id}")).StatusCode);
        Assert.DoesNotContain("SY0877", await raqqa.GetStringAsync("api/needs/reevaluations"));
        if (reevaluation is { } run) Assert.Equal(HttpStatusCode.NotFound, (await raqqa.GetAsync($"api/needs/reevaluations/{run}")).StatusCode);
    }

    [Fact]
    public async Task A_family_displaced_days_ago_is_weighed_as_newly_displaced()
    {
        var centre = await CentreAsync("Newly displaced school", "SY0875", "school", heated: true, toiletsFemale: 3, toiletsMale: 1);
        var household = Guid.NewGuid();
        using (var created = await system.Gateway.PutAsJsonAsync($"api/households/{household}", new
               {
                   centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), displacedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)),
                   members = new[] { Api.Member("male", Api.Born(40), "head") },
               }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var needs = await Eventually.Get(() => system.Gateway.GetJsonOrNullAsync($"api/needs/households/{household}"), Wait, "Needs to assess the family");

        var reason = needs!["priorityReasons"]!.AsArray().Single()!;
        Assert.Equal(("priority.newlyDisplaced", "3"), (reason["rule"]!.GetValue<string>(), reason["inputs"]!["daysAgo"]!.GetValue<string>()));
    }
}
