using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class AuthorizationTests(SystemFixture system)
{
    internal static readonly string[] DocumentedServices = ["identity", "registration", "needs", "reporting", "notifications"];

    [Fact]
    public async Task Every_documented_endpoint_refuses_a_caller_without_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = system.Services["Gateway"].BaseAddress };
        var checkedEndpoints = 0;
        foreach (var service in DocumentedServices)
        {
            var document = await anonymous.GetFromJsonAsync<JsonObject>($"openapi/{service}.json");
            foreach (var (path, operations) in document!["paths"]!.AsObject())
            {
                var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString()).TrimStart('/');
                foreach (var (method, _) in operations!.AsObject())
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), concrete);
                    if (method is "post" or "put" or "patch") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await anonymous.SendAsync(request);
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method.ToUpperInvariant()} /{concrete} answered {(int)response.StatusCode}");
                    checkedEndpoints++;
                }
            }
        }
        Assert.True(checkedEndpoints >= 30, $"only {checkedEndpoints} endpoints documented");
    }

    [Fact]
    public async Task A_field_worker_reaches_their_own_centre_only_and_other_centres_look_empty()
    {
        var own = await system.Gateway.CreateCenterAsync("Authz school own");
        var other = await system.Gateway.CreateCenterAsync("Authz school other");
        var ownHousehold = await RegisterAsync(system.Gateway, own);
        var otherHousehold = await RegisterAsync(system.Gateway, other);
        using var worker = await system.Accounts.ClientAsync(["field_worker"], centres: [own]);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(worker.GetAsync($"api/households/{ownHousehold}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/households/{otherHousehold}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/households/{Guid.NewGuid()}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/households/{otherHousehold}/movements")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/centers/{other}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/centers/{other}/occupancy")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(worker.GetAsync($"api/centers/{own}/occupancy")));
        var centres = await worker.GetFromJsonAsync<JsonArray>("api/centers");
        Assert.Equal([own], centres!.Select(c => c!["id"]!.GetValue<Guid>()));
        var listed = await worker.GetFromJsonAsync<JsonObject>("api/households");
        Assert.All(listed!["items"]!.AsArray(), h => Assert.Equal(own, h!["centerId"]!.GetValue<Guid>()));

        // Writing: a household at another centre is refused naming the field, exactly as at a centre that does not
        // exist (ids cannot be probed); one stored elsewhere does not exist.
        using var elsewhere = await worker.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", Api.Household(other, Api.Member("female", Api.Born(30), "head")));
        using var nowhere = await worker.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", Api.Household(Guid.NewGuid(), Api.Member("female", Api.Born(30), "head")));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("centerId", await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal((nowhere.StatusCode, await nowhere.Content.ReadFromJsonAsync<JsonObject>() is { } n ? n["errors"]!.ToJsonString() : ""),
            (elsewhere.StatusCode, await elsewhere.Content.ReadFromJsonAsync<JsonObject>() is { } e ? e["errors"]!.ToJsonString() : ""));
        using var overwrite = await worker.PutAsJsonAsync($"api/households/{otherHousehold}", Api.Household(own, Api.Member("female", Api.Born(30), "head")));
        Assert.Equal(HttpStatusCode.NotFound, overwrite.StatusCode);
        using var move = await worker.PostAsJsonAsync($"api/households/{otherHousehold}/movements",
            new { id = Guid.NewGuid(), kind = "departure", destination = "hostFamily" });
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);

        // Needs hears of both households, and still shows the worker only theirs.
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{otherHousehold}")) is not null,
            TimeSpan.FromSeconds(30), "Needs to assess the other household");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/needs/households/{otherHousehold}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(worker.GetAsync($"api/needs/centers/{other}")));

        // Coordinator and administrator work is not a field worker's.
        foreach (var path in new[] { "api/duplicates", "api/admin/users", "api/reports", "api/reports/figures", "api/notifications/deliveries" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(worker.GetAsync(path)));
        }
        // Conflicts: only the ones their own phone caused (none here).
        Assert.Equal("[]", await worker.GetStringAsync("api/households/conflicts"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(worker.PostAsJsonAsync("api/centers", Api.Center("Not mine to open"))));
    }

    [Fact]
    public async Task A_coordinator_reaches_the_centres_of_their_areas_only()
    {
        var hasakah = await system.Gateway.CreateCenterAsync("Authz Hasakah school");
        var household = await RegisterAsync(system.Gateway, hasakah);
        using var raqqa = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY11"]);
        using var hasakahDistrict = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY0800"]);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(raqqa.GetAsync($"api/households/{household}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(raqqa.GetAsync($"api/centers/{hasakah}")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(raqqa.PostAsJsonAsync("api/centers", Api.Center("Outside Raqqa"))));
        var raqqaFigures = await raqqa.GetFromJsonAsync<JsonObject>("api/reports/figures");
        Assert.Equal((0, 0), (raqqaFigures.Int("people"), raqqaFigures!["centers"]!.AsArray().Count));
        await Eventually.True(async () => (await hasakahDistrict.GetFromJsonAsync<JsonObject>($"api/reports/figures?centerId={hasakah}")).Int("people") == 1,
            TimeSpan.FromSeconds(30), "the district coordinator to see the centre's figures");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(hasakahDistrict.GetAsync($"api/households/{household}")));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(hasakahDistrict.PostAsJsonAsync("api/centers", Api.Center("Inside Hasakah district"))));
    }

    [Fact]
    public async Task Donors_and_administrators_never_see_a_household()
    {
        var centre = await system.Gateway.CreateCenterAsync("Authz school donors");
        var household = await RegisterAsync(system.Gateway, centre);
        using var donor = await system.Accounts.ClientAsync(["donor"], organisation: "Authz relief fund");
        using var admin = await system.Accounts.ClientAsync(["admin"]);

        foreach (var client in new[] { donor, admin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client.GetAsync($"api/households/{household}")));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client.GetAsync("api/households?q=Authz")));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client.GetAsync($"api/needs/households/{household}")));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client.GetAsync("api/duplicates")));
        }
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(donor.GetAsync("api/centers")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(admin.GetAsync($"api/centers/{centre}")));
    }

    [Fact]
    public async Task A_donor_sees_only_the_reports_of_their_own_organisation()
    {
        var ours = await SubscribeAsync("Authz fund A");
        var theirs = await SubscribeAsync("Authz fund B");
        using var donor = await system.Accounts.ClientAsync(["donor"], organisation: "Authz fund A");

        var subscriptions = await donor.GetFromJsonAsync<JsonArray>("api/reports/subscriptions");
        Assert.Equal([ours], subscriptions!.Select(s => s!["id"]!.GetValue<Guid>()));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(donor.GetAsync($"api/reports/subscriptions/{theirs}")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(donor.PostAsync($"api/reports/subscriptions/{ours}/run", null)));

        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{theirs}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(donor.GetAsync($"api/reports/{report}")));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(donor.GetAsync($"api/reports/{report}.html")));
        var listed = await donor.GetFromJsonAsync<JsonArray>("api/reports");
        Assert.DoesNotContain(listed!, r => r!["id"]!.GetValue<Guid>() == report);
    }

    private async Task<Guid> SubscribeAsync(string organisation)
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions", new
        {
            organisation, emails = new[] { "authz@example.org" }, cron = "0 8 * * *", timeZone = "Asia/Damascus",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, Guid centre)
    {
        var id = Guid.NewGuid();
        using var response = await client.PutAsJsonAsync($"api/households/{id}", Api.Household(centre, Api.Member("female", Api.Born(34), "head")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return response.StatusCode;
    }
}
