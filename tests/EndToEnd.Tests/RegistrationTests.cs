using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class RegistrationTests(SystemFixture system)
{
    [Fact]
    public async Task Same_household_sent_twice_is_stored_once_and_different_content_is_a_conflict()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Hosh Al-Ba'er mosque");
        var id = Guid.NewGuid();
        var household = Api.Household(centerId, Api.Member("female", Api.Born(44), "head"), Api.Member("male", Api.Born(15), "child"));

        using var first = await system.Gateway.PutAsJsonAsync($"api/households/{id}", household);
        using var again = await system.Gateway.PutAsJsonAsync($"api/households/{id}", household);
        using var changed = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
            Api.Household(centerId, Api.Member("female", Api.Born(44), "head")));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var conflict = await changed.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, conflict!["current"]!["members"]!.AsArray().Count);
        var stored = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}");
        Assert.Equal(2, stored!["members"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("future-birth", "members[1].dateOfBirth")]
    [InlineData("age-140", "members[0].dateOfBirth")]
    [InlineData("no-members", "members")]
    [InlineData("unknown-sex", "members[0].sex")]
    [InlineData("no-head", "members")]
    [InlineData("unknown-center", "centerId")]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_is_stored(string mistake, string field)
    {
        var centerId = await system.Gateway.CreateCenterAsync("Ghuwayran youth centre");
        var head = Api.Member("female", Api.Born(30), "head");
        object body = mistake switch
        {
            "future-birth" => Api.Household(centerId, head, Api.Member("male", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), "child")),
            "age-140" => Api.Household(centerId, Api.Member("female", Api.Born(140), "head")),
            "no-members" => Api.Household(centerId),
            "unknown-sex" => Api.Household(centerId, Api.Member("woman", Api.Born(30), "head")),
            "no-head" => Api.Household(centerId, Api.Member("female", Api.Born(30), "spouse")),
            "unknown-center" => Api.Household(Guid.NewGuid(), head),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };
        var id = Guid.NewGuid();

        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), $"expected an error for '{field}' in {problem.ToJsonString()}");
        using var lookup = await system.Gateway.GetAsync($"api/households/{id}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_centre_without_floor_area_is_refused_with_the_field_named()
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/centers", Api.Center("Tent site 3", floorAreaM2: 0));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("floorAreaM2"));
    }

    [Fact]
    public async Task A_subscription_with_a_bad_cron_or_time_zone_is_refused_with_the_fields_named()
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions", new
        {
            organisation = "Relief Fund",
            emails = new[] { "not-an-address" },
            cron = "every morning",
            timeZone = "Mars/Olympus",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("cron"));
        Assert.True(errors.ContainsKey("timeZone"));
        Assert.True(errors.ContainsKey("emails[0]"));
    }

    [Fact]
    public async Task A_query_value_that_does_not_parse_is_refused_with_the_parameter_named()
    {
        using var response = await system.Gateway.GetAsync("api/households?centerId=not-a-uuid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("centerId"));
    }

    [Fact]
    public async Task An_age_given_instead_of_a_birth_date_is_stored_as_an_estimated_one_and_a_resend_changes_nothing()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Zouhour school 50");
        var id = Guid.NewGuid();
        var body = new
        {
            centerId,
            members = new object[]
            {
                new { sex = "female", ageYears = 70, relationship = "head" },
                new { sex = "male", dateOfBirth = Api.Born(40), relationship = "child" },
            },
        };

        using var first = await system.Gateway.PutAsJsonAsync($"api/households/{id}", body);
        using var again = await system.Gateway.PutAsJsonAsync($"api/households/{id}", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var head = (await first.Content.ReadFromJsonAsync<JsonObject>())!["members"]![0]!;
        Assert.True(head["dateOfBirthEstimated"]!.GetValue<bool>());
        Assert.Equal(DateTime.UtcNow.Year - 71, DateOnly.Parse(head["dateOfBirth"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Year, tolerance: 1);
    }

    [Fact]
    public async Task Both_an_age_and_a_birth_date_is_refused()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Zouhour school 51");

        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", new
        {
            centerId,
            members = new object[] { new { sex = "female", ageYears = 30, dateOfBirth = Api.Born(30), relationship = "head" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("members[0].ageYears"));
    }

    [Fact]
    public async Task Households_asked_for_by_id_come_back_only_where_the_caller_reaches()
    {
        var mine = await system.Gateway.CreateCenterAsync("Ids school mine");
        var theirs = await system.Gateway.CreateCenterAsync("Ids school theirs");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var elsewhere = Guid.NewGuid();
        (await system.Gateway.PutAsJsonAsync($"api/households/{first}", Api.Household(mine, Api.Member("female", Api.Born(40), "head")))).EnsureSuccessStatusCode();
        (await system.Gateway.PutAsJsonAsync($"api/households/{second}", Api.Household(mine, Api.Member("male", Api.Born(50), "head")))).EnsureSuccessStatusCode();
        (await system.Gateway.PutAsJsonAsync($"api/households/{elsewhere}", Api.Household(theirs, Api.Member("male", Api.Born(20), "head")))).EnsureSuccessStatusCode();
        using var worker = await system.Accounts.ClientAsync(["field_worker"], centres: [mine]);

        var page = await worker.GetFromJsonAsync<JsonObject>($"api/households?id={first}&id={second}&id={elsewhere}&pageSize=200");

        Assert.Equal(new[] { first, second }.Order(), page!["items"]!.AsArray().Select(h => h!["id"]!.GetValue<Guid>()).Order());
        var tooMany = string.Join('&', Enumerable.Range(0, 201).Select(_ => $"id={Guid.NewGuid()}"));
        using var refused = await worker.GetAsync($"api/households?{tooMany}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("id"));
    }
}
