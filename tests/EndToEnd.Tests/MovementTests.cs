using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class MovementTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private async Task<(Guid CenterId, Guid HouseholdId)> RegisterAsync(string centre)
    {
        var centerId = await system.Gateway.CreateCenterAsync(centre);
        var id = Guid.NewGuid();
        using var created = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
            Api.Household(centerId, Api.Member("female", Api.Born(33), "head"), Api.Member("female", Api.Born(6), "child"), Api.Member("male", Api.Born(3), "child")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}"))?.Int("people") == 3, Wait, "Needs to count the household");
        return (centerId, id);
    }

    private async Task<HttpResponseMessage> MoveAsync(Guid householdId, object movement) =>
        await system.Gateway.PostAsJsonAsync($"api/households/{householdId}/movements", movement);

    [Fact]
    public async Task A_household_that_departs_stops_counting_for_its_centre_everywhere()
    {
        var (centerId, id) = await RegisterAsync("Al-Zouhour school 9");

        using var departed = await MoveAsync(id, new { id = Guid.NewGuid(), kind = "departure", destination = "hostFamily" });

        Assert.Equal(HttpStatusCode.Created, departed.StatusCode);
        Assert.Equal("departed", (await departed.Content.ReadFromJsonAsync<JsonObject>())!["household"]!["status"]!.GetValue<string>());
        Assert.Equal(0, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy")).Int("people"));
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}")).Int("people") == 0, Wait, "Needs to stop counting it");
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}")).Int("people") == 0, Wait, "Reporting to stop counting it");
    }

    [Fact]
    public async Task A_transfer_counts_the_household_at_its_new_centre()
    {
        var (from, id) = await RegisterAsync("Al-Nashwa school 11");
        var to = await system.Gateway.CreateCenterAsync("Al-Nashwa school 12");

        using var moved = await MoveAsync(id, new { id = Guid.NewGuid(), kind = "transfer", centerId = to });

        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Equal(3, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{to}/occupancy")).Int("people"));
        Assert.Equal(0, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{from}/occupancy")).Int("people"));
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{to}")).Int("people") == 3, Wait, "Needs to count it at the new centre");
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={to}")).Int("people") == 3, Wait, "Reporting to count it at the new centre");
    }

    [Fact]
    public async Task A_late_synced_arrival_does_not_undo_a_newer_departure()
    {
        var (_, id) = await RegisterAsync("Ghuwayran school 4");
        var other = await system.Gateway.CreateCenterAsync("Ghuwayran school 5");

        using (await MoveAsync(id, new { id = Guid.NewGuid(), kind = "departure", destination = "returnedHome", occurredAt = DateTimeOffset.UtcNow.AddHours(-1) })) { }
        using var late = await MoveAsync(id, new { id = Guid.NewGuid(), kind = "transfer", centerId = other, occurredAt = DateTimeOffset.UtcNow.AddHours(-3) });

        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        var household = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}");
        Assert.Equal("departed", household!["place"]!["status"]!.GetValue<string>());
        Assert.Equal("returnedHome", household["place"]!["destination"]!.GetValue<string>());
        var journey = await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{id}/movements");
        Assert.Equal(["transfer", "departure"], journey!.Select(m => m!["kind"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task The_same_movement_sent_twice_is_stored_once_and_a_different_one_under_its_id_is_a_conflict()
    {
        var (_, id) = await RegisterAsync("Al-Hasakah school 21");
        var movementId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);

        using var first = await MoveAsync(id, new { id = movementId, kind = "departure", destination = "other", occurredAt = at });
        using var again = await MoveAsync(id, new { id = movementId, kind = "departure", destination = "other", occurredAt = at });
        using var changed = await MoveAsync(id, new { id = movementId, kind = "departure", destination = "hostFamily", occurredAt = at });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Single((await system.Gateway.GetFromJsonAsync<JsonArray>($"api/households/{id}/movements"))!);
    }

    [Fact]
    public async Task A_household_gone_five_days_without_a_visit_is_listed_overdue_until_followed_up()
    {
        var (_, id) = await RegisterAsync("Al-Hasakah school 22");
        using (await MoveAsync(id, new { id = Guid.NewGuid(), kind = "departure", destination = "unknown", occurredAt = DateTimeOffset.UtcNow.AddDays(-6) })) { }

        await Eventually.True(async () => (await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/overdue"))!
            .Any(o => o!["householdId"]!.GetValue<Guid>() == id), Wait, "the household to be listed overdue");

        using var visit = await MoveAsync(id, new { id = Guid.NewGuid(), kind = "followUp" });
        Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        Assert.DoesNotContain((await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/overdue"))!, o => o!["householdId"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task A_departure_four_days_ago_is_not_overdue_yet()
    {
        var (_, id) = await RegisterAsync("Al-Hasakah school 23");
        using (await MoveAsync(id, new { id = Guid.NewGuid(), kind = "departure", destination = "unknown", occurredAt = DateTimeOffset.UtcNow.AddDays(-4) })) { }
        var control = (await RegisterAsync("Al-Hasakah school 24")).HouseholdId;
        using (await MoveAsync(control, new { id = Guid.NewGuid(), kind = "departure", destination = "unknown", occurredAt = DateTimeOffset.UtcNow.AddDays(-5).AddMinutes(-1) })) { }

        // Once the job has marked the control case, it has also looked at this one.
        await Eventually.True(async () => (await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/overdue"))!
            .Any(o => o!["householdId"]!.GetValue<Guid>() == control), Wait, "the 5-day case to be listed");
        Assert.DoesNotContain((await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/overdue"))!, o => o!["householdId"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task A_movement_that_does_not_make_sense_is_refused_with_the_field_named()
    {
        var (_, id) = await RegisterAsync("Al-Hasakah school 25");

        using var noCentre = await MoveAsync(id, new { id = Guid.NewGuid(), kind = "transfer" });
        using var unknownHousehold = await MoveAsync(Guid.NewGuid(), new { id = Guid.NewGuid(), kind = "followUp" });

        Assert.Equal(HttpStatusCode.BadRequest, noCentre.StatusCode);
        Assert.True((await noCentre.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("centerId"));
        Assert.Equal(HttpStatusCode.NotFound, unknownHousehold.StatusCode);
    }
}
