using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class AuditTests(SystemFixture system)
{
    [Fact]
    public async Task Every_read_and_change_of_a_household_is_on_record_with_who_and_from_which_client()
    {
        var centre = await system.Gateway.CreateCenterAsync("Audit school 1");
        var (workerId, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        using var worker = system.Accounts.Client((await system.Accounts.TokenAsync(userName, Accounts.Password))["access_token"]!.GetValue<string>());
        var id = Guid.NewGuid();
        var surname = "Auditi" + Random.Shared.Next(1000, 9999);
        var household = new
        {
            centerId = centre,
            members = new object[] { new { sex = "female", dateOfBirth = Api.Born(40), relationship = "head", nameLatin = "Hala " + surname } },
        };

        Assert.Equal(HttpStatusCode.Created, (await worker.PutAsJsonAsync($"api/households/{id}", household)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"api/households/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"api/households?q={surname}")).StatusCode);

        using var admin = await system.Accounts.AdminAsync();
        var page = await admin.GetFromJsonAsync<JsonObject>($"api/audit?householdId={id}");
        var entries = page!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["search", "read", "create"], entries.Select(e => e["action"]!.GetValue<string>()));
        Assert.All(entries, e =>
        {
            Assert.Equal(workerId, e["actor"]!.GetValue<string>());
            Assert.Equal("idp-cli", e["client"]!.GetValue<string>());
        });
        Assert.DoesNotContain(surname, page.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_record_cannot_be_changed_or_deleted_even_in_the_database()
    {
        var database = SystemFixture.Database("Registration");
        await TestServers.ScalarAsync<long>(database,
            "INSERT INTO audit_entries (at, actor, action) VALUES (now(), 'someone', 'Read') RETURNING id");

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => TestServers.ScalarAsync<int>(database, "UPDATE audit_entries SET actor = 'nobody' RETURNING 1"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => TestServers.ScalarAsync<int>(database, "DELETE FROM audit_entries RETURNING 1"));
    }

    [Fact]
    public async Task Only_administrators_read_the_record()
    {
        using var coordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("api/audit")).StatusCode);
    }

    [Fact]
    public async Task A_coordinator_exports_their_areas_people_only_with_a_reason_that_goes_on_record()
    {
        var centre = await system.Gateway.CreateCenterAsync("Export school 1");
        var surname = "Exporti" + Random.Shared.Next(1000, 9999);
        var id = Guid.NewGuid();
        using (var created = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId = centre, phone = "+963 933 000 111",
            members = new object[] { new { sex = "male", dateOfBirth = Api.Born(50), relationship = "head", nameLatin = "Yasin " + surname } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var (coordinatorId, userName) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY0800"]);
        using var coordinator = system.Accounts.Client((await system.Accounts.TokenAsync(userName, Accounts.Password))["access_token"]!.GetValue<string>());
        using var elsewhere = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY11"]);
        using var worker = await system.Accounts.ClientAsync(["field_worker"], centres: [centre]);
        const string reason = "blanket distribution list, 3 December";

        using var noReason = await coordinator.GetAsync($"api/households/export?centerId={centre}");
        var csv = await coordinator.GetStringAsync($"api/households/export?centerId={centre}&reason={Uri.EscapeDataString(reason)}");
        var otherArea = await elsewhere.GetStringAsync($"api/households/export?reason={Uri.EscapeDataString(reason)}");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());
        Assert.Contains("Yasin " + surname, csv);
        Assert.Contains("+963 933 000 111", csv);
        Assert.DoesNotContain(surname, otherArea);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync($"api/households/export?reason={Uri.EscapeDataString(reason)}")).StatusCode);
        using var admin = await system.Accounts.AdminAsync();
        var record = await admin.GetFromJsonAsync<JsonObject>($"api/audit?householdId={id}&actor={coordinatorId}");
        var export = Assert.Single(record!["items"]!.AsArray());
        Assert.Equal(("export", reason), (export!["action"]!.GetValue<string>(), export["detail"]!.GetValue<string>()));
    }
}
