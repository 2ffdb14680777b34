using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// Two devices edit one household while one of them is offline (docs/domain.md, "Conflicts: merged field by field"):
/// what does not collide is merged at once, only a field both changed differently waits for a person, and every version
/// stays in the household's history.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class ConflictMergeTests(SystemFixture system)
{
    // A member id is a person's for good: each test's family has its own.
    private readonly Guid Huda = Guid.NewGuid();
    private readonly Guid Yusuf = Guid.NewGuid();

    /// <summary>Huda and her son, as a phone registers them (member ids chosen on the phone), with changes applied.</summary>
    private JsonObject Family(Guid centre, int? version, Action<JsonObject>? change = null)
    {
        var household = new JsonObject
        {
            ["centerId"] = centre, ["arrivedAt"] = "2026-11-18T10:00:00Z", ["version"] = version, ["phone"] = "+963 944 000 111",
            ["origin"] = new JsonObject { ["adm1Code"] = "SY08", ["neighbourhood"] = "Ghuwayran" },
            ["members"] = new JsonArray(
                new JsonObject { ["id"] = Huda, ["sex"] = "female", ["dateOfBirth"] = "1991-04-02", ["relationship"] = "head", ["nameLatin"] = "Huda Al-Khalaf" },
                new JsonObject { ["id"] = Yusuf, ["sex"] = "male", ["dateOfBirth"] = "2025-06-10", ["relationship"] = "child", ["nameLatin"] = "Yusuf Al-Khalaf" }),
        };
        change?.Invoke(household);
        return household;
    }

    private static JsonObject Member(JsonNode household, Guid id) =>
        household["members"]!.AsArray().OfType<JsonObject>().Single(m => m["id"]!.GetValue<Guid>() == id);

    private async Task<(Guid Centre, Guid Id)> RegisteredAsync()
    {
        var centre = await system.Gateway.CreateCenterAsync("Merge school " + Guid.NewGuid().ToString("N")[..6]);
        var id = Guid.NewGuid();
        using var created = await system.Gateway.PutAsJsonAsync($"api/households/{id}", Family(centre, null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (centre, id);
    }

    [Fact]
    public async Task A_phone_syncing_a_correction_made_offline_on_an_older_version_keeps_the_newer_phone_number_and_adds_its_own_changes()
    {
        var (centre, id) = await RegisteredAsync();
        // Another device, online, stores a new phone number: version 2.
        using (var phone = await system.Gateway.PutAsJsonAsync($"api/households/{id}", Family(centre, 1, h => h["phone"] = "+963 955 222 333")))
        {
            Assert.Equal(HttpStatusCode.OK, phone.StatusCode);
        }

        // The phone that was offline still has version 1: it corrected Yusuf's name and added a baby.
        var baby = Guid.NewGuid();
        var offline = Family(centre, 1, h =>
        {
            Member(h, Yusuf)["nameLatin"] = "Youssef Al-Khalaf";
            h["members"]!.AsArray().Add(new JsonObject { ["id"] = baby, ["sex"] = "female", ["ageYears"] = 0, ["relationship"] = "child", ["nameLatin"] = "Sara Al-Khalaf" });
        });
        var operation = new { kind = "household", id, version = 1, household = offline };
        var result = await SyncAsync(operation);
        var resent = await SyncAsync(operation);

        Assert.Equal((200, "merged"), (result["status"]!.GetValue<int>(), result["outcome"]!.GetValue<string>()));
        var merged = result["household"]!;
        Assert.Equal(3, merged.Int("version"));
        Assert.Equal("+963 955 222 333", merged["phone"]!.GetValue<string>());
        Assert.Equal("Youssef Al-Khalaf", Member(merged, Yusuf)["nameLatin"]!.GetValue<string>());
        Assert.Equal("Sara Al-Khalaf", Member(merged, baby)["nameLatin"]!.GetValue<string>());
        // The answer lost and the copy sent again: nothing new is stored.
        Assert.Equal((200, 3), (resent["status"]!.GetValue<int>(), resent["household"].Int("version")));
        var open = await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/conflicts");
        Assert.DoesNotContain(open!, c => c!["householdId"]!.GetValue<Guid>() == id);

        // Every version is kept, with what changed and how.
        var versions = (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{id}/versions"))!;
        Assert.Equal(["registered", "corrected", "merged"], versions.Select(v => v!["change"]!.GetValue<string>()));
        Assert.Equal(1, versions[2].Int("baseVersion"));
        Assert.Equal(["/phone"], versions[1]!["changed"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal([$"/members/{Yusuf}/nameLatin", $"/members/{baby}"], versions[2]!["changed"]!.AsArray().Select(f => f!.GetValue<string>()));
        var first = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}/versions/1");
        Assert.Equal("+963 944 000 111", first!["household"]!["phone"]!.GetValue<string>());
        Assert.Equal("Yusuf Al-Khalaf", Member(first["household"]!, Yusuf)["nameLatin"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_a_field_both_devices_changed_differently_waits_for_a_person_who_chooses_it_field_by_field()
    {
        var (centre, id) = await RegisteredAsync();
        using (var online = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
                   Family(centre, 1, h => { h["phone"] = "+963 955 222 333"; Member(h, Huda)["nameLatin"] = "Houda Al-Khalaf"; })))
        {
            Assert.Equal(HttpStatusCode.OK, online.StatusCode);
        }

        var offline = Family(centre, 1, h => { h["phone"] = "+963 933 444 555"; h["origin"]!["neighbourhood"] = "Al-Zuhur"; });
        using var refused = await system.Gateway.PutAsJsonAsync($"api/households/{id}", offline);
        using var refusedAgain = await system.Gateway.PutAsJsonAsync($"api/households/{id}", offline);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var answer = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        var conflictId = answer["conflictId"]!.GetValue<Guid>();
        Assert.Equal(conflictId, (await refusedAgain.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>());
        // What did not collide is stored already (the neighbourhood), beside the other device's changes.
        var current = answer["current"]!;
        Assert.Equal((3, "Al-Zuhur", "+963 955 222 333", "Houda Al-Khalaf"),
            (current.Int("version"), current["origin"]!["neighbourhood"]!.GetValue<string>(), current["phone"]!.GetValue<string>(),
                Member(current, Huda)["nameLatin"]!.GetValue<string>()));

        var detail = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/conflicts/{conflictId}"))!;
        var collision = Assert.Single(detail["collisions"]!.AsArray())!;
        Assert.Equal(("/phone", "+963 944 000 111", "+963 955 222 333", "+963 933 444 555"),
            (collision["field"]!.GetValue<string>(), collision["base"]!.GetValue<string>(), collision["current"]!.GetValue<string>(),
                collision["submitted"]!.GetValue<string>()));

        using var unchosen = await system.Gateway.PostAsJsonAsync($"api/households/conflicts/{conflictId}/resolve", new { resolution = "choose" });
        Assert.Equal(HttpStatusCode.BadRequest, unchosen.StatusCode);
        Assert.Contains("choices[/phone]", await unchosen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var chosen = await system.Gateway.PostAsJsonAsync($"api/households/conflicts/{conflictId}/resolve",
            new { resolution = "choose", choices = new Dictionary<string, string> { ["/phone"] = "submitted" } });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal("merged", (await chosen.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        var stored = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}"))!;
        Assert.Equal((4, "+963 933 444 555", "Houda Al-Khalaf", "Al-Zuhur"),
            (stored.Int("version"), stored["phone"]!.GetValue<string>(), Member(stored, Huda)["nameLatin"]!.GetValue<string>(),
                stored["origin"]!["neighbourhood"]!.GetValue<string>()));
        // The number the person chose against is not lost: it is version 2 and 3's.
        var versions = (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{id}/versions"))!;
        Assert.Equal(["registered", "corrected", "merged", "resolved"], versions.Select(v => v!["change"]!.GetValue<string>()));
        var third = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}/versions/3");
        Assert.Equal("+963 955 222 333", third!["household"]!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applying_the_refused_copy_takes_its_value_where_both_changed_and_keeps_what_only_the_other_device_changed()
    {
        var (centre, id) = await RegisteredAsync();
        using (var online = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
                   Family(centre, 1, h => { h["phone"] = "+963 955 222 333"; Member(h, Yusuf)["dateOfBirth"] = "2025-06-11"; })))
        {
            Assert.Equal(HttpStatusCode.OK, online.StatusCode);
        }
        using var refused = await system.Gateway.PutAsJsonAsync($"api/households/{id}", Family(centre, 1, h => Member(h, Yusuf)["dateOfBirth"] = "2025-07-10"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var conflictId = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();

        using var applied = await system.Gateway.PostAsJsonAsync($"api/households/conflicts/{conflictId}/resolve", new { resolution = "applySubmitted" });

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var stored = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}"))!;
        Assert.Equal(("+963 955 222 333", "2025-07-10"), (stored["phone"]!.GetValue<string>(), Member(stored, Yusuf)["dateOfBirth"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_correction_sent_without_a_version_changes_nothing_and_every_difference_is_left_to_a_person()
    {
        var (centre, id) = await RegisteredAsync();
        var unversioned = Family(centre, null, h => h["phone"] = "+963 933 444 555");

        using var refused = await system.Gateway.PutAsJsonAsync($"api/households/{id}", unversioned);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var conflictId = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();
        var detail = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/conflicts/{conflictId}"))!;
        Assert.Null(detail["base"]);
        Assert.Equal(["/phone"], detail["collisions"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()));
        Assert.Equal(1, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}")).Int("version"));
    }

    private async Task<JsonObject> SyncAsync(object operation)
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/sync", new { deviceId = "phone-merge", operations = new[] { operation } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]![0]!.AsObject();
    }
}
