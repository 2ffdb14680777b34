using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>A field worker settles the conflicts their own phone caused; anyone else's stay with the coordinator.</summary>
[Collection(nameof(SystemCollection))]
public sealed class ConflictSettlementTests(SystemFixture system)
{
    private static object At(Guid centre, int? version, int headAge) =>
        new { centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), version, members = new[] { Api.Member("female", Api.Born(headAge), "head") } };

    [Fact]
    public async Task Only_the_worker_whose_copy_was_refused_sees_and_settles_the_conflict_besides_the_coordinator()
    {
        var centre = await system.Gateway.CreateCenterAsync("Settlement school " + Guid.NewGuid().ToString("N")[..6]);
        using var sender = await system.Accounts.ClientAsync(["field_worker"], centres: [centre]);
        using var colleague = await system.Accounts.ClientAsync(["field_worker"], centres: [centre]);
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await sender.PutAsJsonAsync($"api/households/{id}", At(centre, null, 30))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.PutAsJsonAsync($"api/households/{id}", At(centre, 1, 31))).StatusCode);

        using var refused = await sender.PutAsJsonAsync($"api/households/{id}", At(centre, 1, 32));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var conflict = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();

        Assert.DoesNotContain(conflict.ToString(), await colleague.GetStringAsync("api/households/conflicts"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"api/households/conflicts/{conflict}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.PostAsJsonAsync($"api/households/conflicts/{conflict}/resolve", new { resolution = "keepServer" })).StatusCode);

        Assert.Contains(conflict.ToString(), await sender.GetStringAsync("api/households/conflicts"), StringComparison.Ordinal);
        using var settled = await sender.PostAsJsonAsync($"api/households/conflicts/{conflict}/resolve", new { resolution = "applySubmitted" });
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        var stored = await sender.GetFromJsonAsync<JsonObject>($"api/households/{id}");
        Assert.Equal(3, stored!["version"]!.GetValue<int>());
        Assert.Equal(Api.Born(32), DateOnly.Parse(stored["members"]![0]!["dateOfBirth"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
