using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class OfflineSyncTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private async Task<(Guid CenterId, Guid HouseholdId)> RegisterAsync(string centre)
    {
        var centerId = await system.Gateway.CreateCenterAsync(centre);
        var id = Guid.NewGuid();
        using var created = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
            Api.Household(centerId, Api.Member("female", Api.Born(36), "head"), Api.Member("male", Api.Born(10), "child")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        return (centerId, id);
    }

    [Fact]
    public async Task A_correction_on_the_current_version_updates_the_household_and_reaches_needs_and_reporting()
    {
        var (centerId, id) = await RegisterAsync("Ghuwayran school annex");
        await Eventually.Get(() => system.Gateway.GetJsonOrNullAsync($"api/needs/households/{id}"), Wait, "the first assessment");

        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/households/{id}")
        {
            Content = JsonContent.Create(Api.Household(centerId, Api.Member("female", Api.Born(36), "head"),
                Api.Member("male", Api.Born(10), "child"), Api.Member("female", Api.Born(0, extraMonths: 3), "child"))),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var corrected = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("\"2\"", corrected.Headers.ETag?.Tag);
        Assert.Equal(2, (await corrected.Content.ReadFromJsonAsync<JsonObject>()).Int("version"));
        // 3 people and a baby under 2: 4 blankets.
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{id}")).Int("blankets") == 4,
            Wait, "Needs to reassess the corrected household");
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}")).Int("people") == 3,
            Wait, "Reporting to count the corrected household");
    }

    [Fact]
    public async Task Different_content_on_a_stale_version_merges_what_does_not_collide_and_keeps_the_copy_for_review()
    {
        var (centerId, id) = await RegisterAsync("Al-Zouhour clinic hall");
        // Members sent without ids are corrected in place: the first is the head registered first.
        var phoneA = Api.Household(centerId, Api.Member("female", Api.Born(37), "head"), Api.Member("male", Api.Born(10), "child"), Api.Member("male", Api.Born(4), "child"));
        var phoneB = AtVersion(Api.Household(centerId, Api.Member("female", Api.Born(38), "head")), 1);
        // Both phones corrected the arrival time the same way: no collision there.
        phoneB["arrivedAt"] = AtVersion(phoneA, 1)["arrivedAt"]!.DeepClone();
        using (var first = await system.Gateway.PutAsJsonAsync($"api/households/{id}", AtVersion(phoneA, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var stale = await system.Gateway.PutAsJsonAsync($"api/households/{id}", phoneB);
        using var staleAgain = await system.Gateway.PutAsJsonAsync($"api/households/{id}", phoneB);

        // Both phones changed the head's date of birth: that waits. Phone B removed the ten-year-old, whom phone A did
        // not change: that is merged at once, beside phone A's new four-year-old.
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = (await stale.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(3, conflict["current"].Int("version"));
        Assert.Equal([Api.Born(37).ToString("O"), Api.Born(4).ToString("O")],
            conflict["current"]!["members"]!.AsArray().Select(m => m!["dateOfBirth"]!.GetValue<string>()));
        var conflictId = conflict["conflictId"]!.GetValue<Guid>();
        Assert.Equal(conflictId, (await staleAgain.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>());

        var open = await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/conflicts");
        Assert.Single(open!, c => c!["id"]!.GetValue<Guid>() == conflictId);
        var detail = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/conflicts/{conflictId}");
        Assert.Single(detail!["submitted"]!["members"]!.AsArray());
        var collision = Assert.Single(detail["collisions"]!.AsArray());
        Assert.EndsWith("/dateOfBirth", collision!["field"]!.GetValue<string>(), StringComparison.Ordinal);

        using var resolve = await system.Gateway.PostAsJsonAsync($"api/households/conflicts/{conflictId}/resolve", new { resolution = "applySubmitted" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var after = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}");
        Assert.Equal(4, after.Int("version"));
        Assert.Equal([Api.Born(38).ToString("O"), Api.Born(4).ToString("O")],
            after!["members"]!.AsArray().Select(m => m!["dateOfBirth"]!.GetValue<string>()));
        using var again = await system.Gateway.PostAsJsonAsync($"api/households/conflicts/{conflictId}/resolve", new { resolution = "keepServer" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_batch_with_bad_items_applies_the_good_ones_and_replaying_it_stores_nothing_twice()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Nashwa sports hall");
        var good = Guid.NewGuid();
        var futureBirth = Guid.NewGuid();
        var unknownSex = Guid.NewGuid();
        var batch = new
        {
            deviceId = "phone-17",
            operations = new object[]
            {
                new { kind = "household", id = good, household = Api.Household(centerId, Api.Member("male", Api.Born(52), "head"), Api.Member("female", Api.Born(49), "spouse")) },
                new { kind = "household", id = futureBirth, household = Api.Household(centerId, Api.Member("female", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1), "head")) },
                new { kind = "household", id = unknownSex, household = Api.Household(centerId, Api.Member("woman", Api.Born(30), "head")) },
                new { kind = "tent", id = Guid.NewGuid() },
            },
        };

        var first = await SyncAsync(batch);
        var replay = await SyncAsync(batch);

        Assert.Equal([201, 400, 400, 400], Statuses(first));
        Assert.Equal([200, 400, 400, 400], Statuses(replay));
        Assert.True(first[1]!["errors"]!.AsObject().ContainsKey("operations[1].household.members[0].dateOfBirth"));
        Assert.True(first[2]!["errors"]!.AsObject().ContainsKey("operations[2].household.members[0].sex"));
        Assert.True(first[3]!["errors"]!.AsObject().ContainsKey("operations[3].kind"));
        var occupancy = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy");
        Assert.Equal(1, occupancy.Int("households"));
        Assert.Equal(2, occupancy.Int("people"));
        using var missing = await system.Gateway.GetAsync($"api/households/{futureBirth}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_batch_of_a_household_and_its_movements_out_of_order_gives_its_journey_and_replays_harmlessly()
    {
        var first = await system.Gateway.CreateCenterAsync("Ghuwayran school 31");
        var second = await system.Gateway.CreateCenterAsync("Ghuwayran school 32");
        var household = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var batch = new
        {
            deviceId = "phone-23",
            operations = new object[]
            {
                new { kind = "household", id = household, household = new { centerId = first, arrivedAt = now.AddHours(-5),
                    members = new[] { Api.Member("male", Api.Born(44), "head") } } },
                // Recorded later on the phone, but it happened last.
                new { kind = "movement", id = Guid.NewGuid(), householdId = household,
                    movement = new { kind = "departure", destination = "returnedHome", occurredAt = now.AddHours(-1) } },
                new { kind = "movement", id = Guid.NewGuid(), householdId = household,
                    movement = new { kind = "transfer", centerId = second, occurredAt = now.AddHours(-3) } },
                new { kind = "movement", id = Guid.NewGuid(), householdId = Guid.NewGuid(),
                    movement = new { kind = "followUp" } },
            },
        };

        var results = await SyncAsync(batch);
        var replay = await SyncAsync(batch);

        Assert.Equal([201, 201, 201, 404], Statuses(results));
        Assert.Equal([200, 200, 200, 404], Statuses(replay));
        // Households and movements are answered in one vocabulary.
        Assert.Equal(["created", "created", "created", "notFound"], results.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Equal(["unchanged", "unchanged", "unchanged", "notFound"], replay.Select(r => r!["outcome"]!.GetValue<string>()));
        var stored = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{household}");
        Assert.Equal("departed", stored!["place"]!["status"]!.GetValue<string>());
        Assert.Equal(2, (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{household}/movements"))!.Count);
    }

    [Fact]
    public async Task A_batch_stores_its_new_households_together_and_still_answers_each_as_if_sent_alone()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Mufti school hall");
        var stored = Guid.NewGuid();
        var storedHousehold = Api.Household(centerId, Api.Member("female", Api.Born(36), "head"), Api.Member("male", Api.Born(10), "child"));
        using (var created = await system.Gateway.PutAsJsonAsync($"api/households/{stored}", storedHousehold))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var storedCopy = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{stored}"))!;
        var takenMemberId = storedCopy["members"]![0]!["id"]!.GetValue<Guid>();
        var (first, borrowing, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var firstHousehold = Api.Household(centerId, Api.Member("male", Api.Born(40), "head"));
        var borrowed = JsonSerializer.SerializeToNode(Api.Household(centerId, Api.Member("female", Api.Born(29), "head")), Api.Json)!.AsObject();
        borrowed["members"]![0]!["id"] = takenMemberId;
        var batch = new
        {
            deviceId = "phone-31",
            operations = new object[]
            {
                new { kind = "household", id = first, household = firstHousehold },
                // A member id already someone else's: refused on its own, the others of the batch are stored.
                new { kind = "household", id = borrowing, household = borrowed },
                new { kind = "household", id = second, household = Api.Household(centerId, Api.Member("female", Api.Born(61), "head")) },
                // The household registered earlier, sent again as it is.
                new { kind = "household", id = stored, household = storedHousehold },
                // The first household corrected later on the same phone, before it was ever sent.
                new { kind = "household", id = first, version = 1, household = Api.Household(centerId, Api.Member("male", Api.Born(40), "head"), Api.Member("female", Api.Born(2), "child")) },
            },
        };

        var results = await SyncAsync(batch);

        Assert.Equal([201, 400, 201, 200, 200], Statuses(results));
        Assert.Equal(["created", "invalid", "created", "unchanged", "updated"], results.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.True(results[1]!["errors"]!.AsObject().ContainsKey("operations[1].household.members[0].id"));
        Assert.Single(results[0]!["household"]!["members"]!.AsArray());
        Assert.Equal(2, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{first}"))!["members"]!.AsArray().Count);
        using var refused = await system.Gateway.GetAsync($"api/households/{borrowing}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var occupancy = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy");
        Assert.Equal(3, occupancy.Int("households"));
        Assert.Equal(5, occupancy.Int("people"));
    }

    [Fact]
    public async Task Families_of_a_batch_stored_one_by_one_after_a_refusal_are_found_by_their_names_and_a_corrected_name_by_the_new_one_only()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Abu Hajar school " + Guid.NewGuid().ToString("N")[..6]);
        var taken = Guid.NewGuid();
        using (var created = await system.Gateway.PutAsJsonAsync($"api/households/{taken}", Api.Household(centerId, Api.Member("female", Api.Born(50), "head"))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var takenMemberId = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{taken}"))!["members"]![0]!["id"]!.GetValue<Guid>();
        // Search goes by letters: names made of letters no other test uses.
        string Unique(string stem) => stem + new string(Enumerable.Range(0, 6).Select(_ => "bdfklmnrstz"[Random.Shared.Next(11)]).ToArray());
        var (family, given, corrected, other) = (Unique("Hassk"), Unique("Yusr"), Unique("Ghass"), Unique("Rimt"));
        object Named(string name, string sex, int age, string relationship) =>
            new { sex, dateOfBirth = Api.Born(age), dateOfBirthEstimated = false, relationship, nameLatin = name };
        var (first, borrowing, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var borrowed = JsonSerializer.SerializeToNode(Api.Household(centerId, Named($"Salma {family}", "female", 29, "head")), Api.Json)!.AsObject();
        borrowed["members"]![0]!["id"] = takenMemberId;

        // The member id already someone else's sinks the batch's shared transaction: every household is then stored on
        // its own, and the names derived for the first attempt must be neither lost nor written twice.
        var results = await SyncAsync(new
        {
            deviceId = "phone-names",
            operations = new object[]
            {
                new { kind = "household", id = first, household = Api.Household(centerId, Named($"{given} {family}", "male", 40, "head"), Named($"Nour {family}", "female", 8, "child")) },
                new { kind = "household", id = borrowing, household = borrowed },
                new { kind = "household", id = second, household = Api.Household(centerId, Named($"{other} {family}", "female", 61, "head")) },
                new { kind = "household", id = first, version = 1, household = Api.Household(centerId, Named($"{corrected} {family}", "male", 40, "head"), Named($"Nour {family}", "female", 8, "child")) },
            },
        });

        Assert.Equal([201, 400, 201, 200], Statuses(results));
        Assert.Equal([first], await FoundAsync(corrected));
        Assert.Empty(await FoundAsync(given));
        Assert.Equal([second], await FoundAsync(other));
        Assert.Equal(new[] { first, second }.Order(), (await FoundAsync(family)).Order());

        async Task<List<Guid>> FoundAsync(string name)
        {
            var page = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?centerId={centerId}&q={Uri.EscapeDataString(name)}");
            return page!["items"]!.AsArray().Select(h => h!["id"]!.GetValue<Guid>()).ToList();
        }
    }

    [Fact]
    public async Task Phones_syncing_at_once_beyond_the_batches_stored_together_wait_their_turn_and_are_all_stored()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Tal Tamr reception hall");
        // More phones than a copy stores at once: the others wait, unread, and are answered in turn, none refused.
        var phones = Enumerable.Range(0, 12).Select(phone => new
        {
            deviceId = $"phone-surge-{phone}",
            operations = Enumerable.Range(0, 30).Select(_ => new
            {
                kind = "household", id = Guid.NewGuid(),
                household = Api.Household(centerId, Api.Member("female", Api.Born(20 + phone), "head"), Api.Member("male", Api.Born(4), "child")),
            }).ToArray(),
        }).ToArray();

        var answers = await Task.WhenAll(phones.Select(SyncAsync));

        Assert.All(answers, results => Assert.Equal(Enumerable.Repeat(201, 30), Statuses(results)));
        var occupancy = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy");
        Assert.Equal(12 * 30, occupancy.Int("households"));
        Assert.Equal(12 * 30 * 2, occupancy.Int("people"));
    }

    [Fact]
    public async Task A_batch_over_500_operations_is_refused_whole()
    {
        var operations = Enumerable.Range(0, 501).Select(_ => new { kind = "household", id = Guid.NewGuid() }).ToArray();

        using var response = await system.Gateway.PostAsJsonAsync("api/sync", new { deviceId = "phone-1", operations });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("operations"));
    }

    private static JsonObject AtVersion(object household, int version)
    {
        var node = JsonSerializer.SerializeToNode(household, Api.Json)!.AsObject();
        node["version"] = version;
        return node;
    }

    private async Task<JsonArray> SyncAsync(object batch)
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/sync", batch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
    }

    private static int[] Statuses(JsonArray results) => results.Select(r => r!["status"]!.GetValue<int>()).ToArray();
}
