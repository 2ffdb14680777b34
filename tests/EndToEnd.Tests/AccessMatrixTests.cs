using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// Every documented endpoint, called by each role on objects of a centre, area or organisation that is not
/// theirs. A role the endpoint is not for gets 403; a role it is for gets 404 for an object out of its reach,
/// exactly as for an id that does not exist. A new endpoint without a row here fails the test.
/// </summary>
[Collection(nameof(SystemCollection))]
public partial class AccessMatrixTests(SystemFixture system)
{
    // Callers: a field worker of centre A; a coordinator of another governorate; a donor of another organisation; an administrator.
    private sealed record Row(string Method, string Path, object? Body, int FieldWorker, int Coordinator, int Donor, int Admin);

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_the_access_rules_say()
    {
        var o = await ObjectsAsync();
        var household = Api.Household(o.CentreA, Api.Member("female", Api.Born(30), "head"));
        var rows = new List<Row>
        {
            new("GET", "api/centers", null, 200, 200, 403, 200),
            new("POST", "api/centers", Api.Center("Matrix new centre"), 403, 403, 403, 201),
            // Admin codes nest: a district of another governorate is refused, whoever asks.
            new("POST", "api/centers", new { name = "Matrix unnested", type = "school", adm1Code = "SY11", adm1Name = "Ar-Raqqa", adm2Code = "SY0800",
                adm2Name = "Al-Hasakah", floorAreaM2 = 100, nightCapacity = 20 }, 403, 400, 403, 400),
            new("GET", $"api/centers/{o.CentreB}", null, 404, 404, 403, 200),
            new("PATCH", $"api/centers/{o.CentreB}", new { heated = true }, 403, 404, 403, 200),
            new("GET", $"api/centers/{o.CentreB}/occupancy", null, 404, 404, 403, 200),
            new("GET", "api/households", null, 200, 200, 403, 403),
            new("PUT", $"api/households/{o.HouseholdB}", household, 404, 404, 403, 403),
            new("GET", $"api/households/{o.HouseholdB}", null, 404, 404, 403, 403),
            new("GET", $"api/households/{o.HouseholdB}/movements", null, 404, 404, 403, 403),
            new("GET", $"api/households/{o.HouseholdB}/history", null, 404, 404, 403, 403),
            new("GET", $"api/households/{o.HouseholdB}/versions", null, 404, 404, 403, 403),
            new("GET", $"api/households/{o.HouseholdB}/versions/1", null, 404, 404, 403, 403),
            new("POST", $"api/households/{o.HouseholdB}/movements", new { id = Guid.NewGuid(), kind = "followUp" }, 404, 404, 403, 403),
            new("GET", "api/households/overdue", null, 200, 200, 403, 403),
            new("GET", "api/households/export?reason=matrix%20of%20access%20rules", null, 403, 200, 403, 403),
            // A field worker sees and settles only the conflicts they caused themselves.
            new("GET", "api/households/conflicts", null, 200, 200, 403, 403),
            new("GET", $"api/households/conflicts/{o.ConflictB}", null, 404, 404, 403, 403),
            new("POST", $"api/households/conflicts/{o.ConflictB}/resolve", new { resolution = "keepServer" }, 404, 404, 403, 403),
            new("GET", "api/duplicates", null, 403, 200, 403, 403),
            new("GET", $"api/duplicates/{o.PairB}", null, 403, 404, 403, 403),
            new("POST", $"api/duplicates/{o.PairB}/merge", new { keepHouseholdId = o.HouseholdB, reason = "Same family" }, 403, 404, 403, 403),
            new("POST", $"api/duplicates/{o.PairB}/dismiss", new { reason = "Different families" }, 403, 404, 403, 403),
            new("POST", "api/sync", new { deviceId = "matrix", operations = new object[] { new { kind = "household", id = Guid.NewGuid(), household } } }, 200, 200, 403, 403),
            new("POST", "api/imports?dryRun=true", "submission_id,center_id,relationship,sex,date_of_birth\nm-1," + o.CentreA + ",head,female,1990-01-01\n", 200, 200, 403, 403),
            new("GET", $"api/imports/{o.ImportB}", null, 404, 404, 403, 403),
            // The form lists the caller's own centres: anyone who registers may have it.
            new("GET", "api/imports/form.xlsx", null, 200, 200, 403, 403),
            new("GET", "api/audit", null, 403, 403, 403, 200),
            new("GET", "api/needs/centers", null, 200, 200, 403, 200),
            new("GET", $"api/needs/centers/{o.CentreB}", null, 404, 404, 403, 200),
            new("GET", $"api/needs/households/{o.HouseholdB}", null, 404, 404, 403, 403),
            new("GET", "api/needs/households", null, 200, 200, 403, 403),
            new("GET", "api/needs/distributions", null, 200, 200, 403, 403),
            new("POST", "api/needs/distributions", new { id = Guid.NewGuid(), item = "heater", quantity = 1, centerId = o.CentreB, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow) }, 404, 404, 403, 403),
            new("GET", $"api/needs/gaps?centerId={o.CentreB}", null, 404, 404, 403, 200),
            new("GET", $"api/needs/summary?centerId={o.CentreB}", null, 404, 404, 403, 200),
            new("GET", "api/needs/rulesets", null, 200, 200, 403, 200),
            new("GET", "api/needs/rulesets/default-1", null, 200, 200, 403, 200),
            // Refused as invalid once allowed: a valid rule set or alert would change every other test's figures.
            // Rules hold for every area: a coordinator sets only their own areas' seasons.
            new("POST", "api/needs/rulesets", new { rules = new { seasonStartMonth = 13 } }, 403, 403, 403, 400),
            new("GET", "api/needs/reevaluations", null, 403, 200, 403, 200),
            new("GET", $"api/needs/reevaluations/{Guid.NewGuid()}", null, 403, 404, 403, 404),
            new("POST", "api/needs/alerts", new { area = "SY11", minimumTemperatureC = -9 }, 403, 400, 403, 400),
            new("GET", "api/needs/alerts", null, 200, 200, 403, 200),
            new("GET", $"api/needs/alerts/{Guid.NewGuid()}", null, 404, 404, 403, 404),
            new("GET", "api/reports", null, 403, 200, 200, 200),
            new("GET", $"api/reports/{o.ReportB}", null, 403, 404, 404, 200),
            new("GET", $"api/reports/{o.ReportB}.html", null, 403, 404, 404, 200),
            new("GET", $"api/reports/{o.ReportB}.csv", null, 403, 404, 404, 200),
            new("GET", $"api/reports/{o.ReportB}.pdf", null, 403, 404, 404, 200),
            new("GET", "api/reports/figures", null, 403, 200, 403, 403),
            new("GET", "api/reports/subscriptions", null, 403, 200, 200, 200),
            new("POST", "api/reports/subscriptions", new { organisation = "Matrix fund C", emails = new[] { "c@example.org" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus" }, 403, 201, 403, 403),
            new("GET", $"api/reports/subscriptions/{o.SubscriptionB}", null, 403, 404, 404, 200),
            new("POST", $"api/reports/subscriptions/{o.SubscriptionB}/run", null, 403, 404, 403, 403),
            new("GET", $"api/reports/subscriptions/{o.SubscriptionB}/preview.html", null, 403, 404, 403, 403),
            // The matrix coordinator's areas do not cover subscription B's (the suite coordinator's, SY08).
            new("PATCH", $"api/reports/subscriptions/{o.SubscriptionB}", new { emails = new[] { "b2@example.org" } }, 403, 404, 403, 403),
            new("DELETE", $"api/reports/subscriptions/{o.SubscriptionB}", null, 403, 404, 403, 403),
            new("GET", "api/notifications/deliveries", null, 403, 200, 403, 403),
            new("GET", $"api/notifications/deliveries/{o.DeliveryB}", null, 403, 404, 403, 403),
            new("POST", $"api/notifications/deliveries/{o.DeliveryB}/resend", null, 403, 404, 403, 403),

            new("GET", "api/admin/users", null, 403, 403, 403, 200),
            new("POST", "api/admin/users", new { }, 403, 403, 403, 400),
            new("GET", $"api/admin/users/{o.UserB}", null, 403, 403, 403, 200),
            new("PATCH", $"api/admin/users/{o.UserB}", new { areas = new[] { "SY11" } }, 403, 403, 403, 200),
            new("POST", $"api/admin/users/{o.UserB}/disable", null, 403, 403, 403, 200),
            new("POST", $"api/admin/users/{o.UserB}/enable", null, 403, 403, 403, 200),
        };

        var callers = new (string Name, HttpClient Client, Func<Row, int> Expected)[]
        {
            ("field worker", await system.Accounts.ClientAsync(["field_worker"], centres: [o.CentreA]), r => r.FieldWorker),
            ("coordinator", await system.Accounts.ClientAsync(["coordinator"], areas: ["SY11"]), r => r.Coordinator),
            ("donor", await system.Accounts.ClientAsync(["donor"], organisation: "Matrix fund A"), r => r.Donor),
            ("admin", await system.Accounts.ClientAsync(["admin"]), r => r.Admin),
        };
        var wrong = new List<string>();
        foreach (var row in rows)
        foreach (var (name, client, expected) in callers)
        {
            using var response = await client.SendAsync(Request(row));
            if ((int)response.StatusCode != expected(row)) wrong.Add($"{name}: {row.Method} /{row.Path} answered {(int)response.StatusCode}, not {expected(row)}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Every documented operation has a row.
        var documented = await DocumentedOperationsAsync();
        var covered = rows.Select(r => $"{r.Method} {Template().Replace(r.Path.Split('?')[0], "{}").TrimEnd('/')}").ToHashSet();
        var missing = documented.Except(covered).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row: " + string.Join(", ", missing));
    }

    private static HttpRequestMessage Request(Row row)
    {
        var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        request.Content = row.Body switch
        {
            null => null,
            string csv => new StringContent(csv, Encoding.UTF8, "text/csv"),
            var json => JsonContent.Create(json, options: Api.Json),
        };
        return request;
    }

    private async Task<HashSet<string>> DocumentedOperationsAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = system.Services["Gateway"].BaseAddress };
        var operations = new HashSet<string>();
        foreach (var service in new[] { "identity", "registration", "needs", "reporting", "notifications" })
        {
            var document = await anonymous.GetFromJsonAsync<JsonObject>($"openapi/{service}.json");
            foreach (var (path, methods) in document!["paths"]!.AsObject())
            foreach (var (method, _) in methods!.AsObject())
            {
                operations.Add($"{method.ToUpperInvariant()} {Regex.Replace(path.Trim('/'), "{[^}]+}", "{}")}");
            }
        }
        return operations;
    }

    private sealed record Objects(Guid CentreA, Guid CentreB, Guid HouseholdB, Guid ConflictB, Guid PairB, Guid ImportB, Guid SubscriptionB, Guid ReportB, Guid DeliveryB, string UserB);

    /// <summary>Everything the callers must not reach, made by the Al-Hasakah coordinator of the suite.</summary>
    private async Task<Objects> ObjectsAsync()
    {
        var gateway = system.Gateway;
        var centreA = await gateway.CreateCenterAsync("Matrix school A");
        var centreB = await gateway.CreateCenterAsync("Matrix school B");
        var surname = "Matrixi" + Random.Shared.Next(1000, 9999);
        object Family(string first) => new
        {
            centerId = centreB,
            members = new object[]
            {
                new { sex = "male", dateOfBirth = new DateOnly(1975, 5, 5), relationship = "head", nameLatin = $"{first} {surname}" },
                new { sex = "female", dateOfBirth = new DateOnly(1978, 8, 8), relationship = "spouse", nameLatin = $"Huda {surname}" },
            },
        };
        var householdB = Guid.NewGuid();
        var twin = Guid.NewGuid();
        (await gateway.PutAsJsonAsync($"api/households/{householdB}", Family("Omar"))).EnsureSuccessStatusCode();
        (await gateway.PutAsJsonAsync($"api/households/{twin}", Family("Omar"))).EnsureSuccessStatusCode();
        using var refused = await gateway.PutAsJsonAsync($"api/households/{householdB}", Family("Umar"));
        var conflictB = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();
        var pair = await Eventually.Get(async () => (await gateway.DuplicatesAsync())
            .FirstOrDefault(p => p!["first"]?["id"]?.GetValue<Guid>() == householdB || p["second"]?["id"]?.GetValue<Guid>() == householdB),
            TimeSpan.FromSeconds(30), "the twin registrations to be proposed as duplicates");
        var pairB = pair!["id"]!.GetValue<Guid>();
        var importB = Guid.NewGuid();
        using (var import = await gateway.PostAsync($"api/imports?dryRun=true&id={importB}",
                   new StringContent($"submission_id,center_id,relationship,sex,date_of_birth\nb-1,{centreB},head,male,1970-01-01\n", Encoding.UTF8, "text/csv")))
        {
            import.EnsureSuccessStatusCode();
        }
        using var subscribe = await gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Matrix fund B", emails = new[] { "b@example.org" }, cron = "0 8 * * *", timeZone = "Asia/Damascus" });
        var subscriptionB = (await subscribe.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var run = await gateway.PostAsync($"api/reports/subscriptions/{subscriptionB}/run", null);
        var reportB = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var deliveryB = (await Eventually.Get(async () => (await gateway.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={reportB}"))!.FirstOrDefault(),
            TimeSpan.FromSeconds(30), "report B's delivery to be recorded"))!["id"]!.GetValue<Guid>();
        var (userB, _) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY11"]);
        await Eventually.True(async () => await gateway.GetJsonOrNullAsync($"api/needs/households/{householdB}") is not null,
            TimeSpan.FromSeconds(30), "Needs to assess household B");
        return new Objects(centreA, centreB, householdB, conflictB, pairB, importB, subscriptionB, reportB, deliveryB, userB);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|(?<=rulesets/)[^/?]+|(?<=versions/)[0-9]+")]
    private static partial Regex TemplateRegex();

    private static Regex Template() => TemplateRegex();
}
