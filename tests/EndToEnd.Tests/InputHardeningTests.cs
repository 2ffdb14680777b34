using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>What phones and people really send, and what an attacker tries, answered without a 500 and stored whole or not at all.</summary>
[Collection(nameof(SystemCollection))]
public class InputHardeningTests(SystemFixture system)
{
    private static readonly TimeSpan Syria = TimeSpan.FromHours(3);

    /// <summary>A phone in Syria writes local time, e.g. 2026-11-20T10:00:00+03:00.</summary>
    private static string Local(DateTimeOffset at) => at.ToOffset(Syria).ToString("yyyy-MM-dd'T'HH:mm:sszzz");

    [Fact]
    public async Task Local_times_with_an_offset_are_taken_as_the_same_instant_by_every_endpoint()
    {
        var centre = await system.Gateway.CreateCenterAsync("Offset school");
        var other = await system.Gateway.CreateCenterAsync("Offset school 2");
        var arrived = DateTimeOffset.UtcNow.AddHours(-6);
        var household = Guid.NewGuid();

        using var registered = await PutJsonAsync($"api/households/{household}", Household(centre, arrived));
        using var moved = await PostJsonAsync($"api/households/{household}/movements",
            $$"""{ "id": "{{Guid.NewGuid()}}", "kind": "transfer", "centerId": "{{other}}", "occurredAt": "{{Local(arrived.AddHours(1))}}" }""");
        var synced = Guid.NewGuid();
        using var sync = await PostJsonAsync("api/sync", $$"""
            { "deviceId": "phone-offset", "operations": [
              { "kind": "household", "id": "{{synced}}", "household": {{Household(centre, arrived)}} },
              { "kind": "movement", "id": "{{Guid.NewGuid()}}", "householdId": "{{synced}}",
                "movement": { "kind": "departure", "destination": "hostFamily", "occurredAt": "{{Local(arrived.AddHours(2))}}" } } ] }
            """);
        using var alert = await PostJsonAsync("api/needs/alerts",
            $$"""{ "area": "SY0899", "minimumTemperatureC": -4, "startsAt": "{{Local(DateTimeOffset.UtcNow)}}", "endsAt": "{{Local(DateTimeOffset.UtcNow.AddHours(6))}}" }""");
        using var audit = await system.Gateway.GetAsync($"api/audit?householdId={household}&from={Uri.EscapeDataString(Local(arrived.AddDays(-1)))}");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(arrived.ToUnixTimeSeconds(), (await registered.Content.ReadFromJsonAsync<JsonObject>())!["arrivedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        var results = (await sync.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.Equal([201, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.NotEmpty((await audit.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray());
        var stored = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{household}");
        Assert.Equal(arrived.ToUnixTimeSeconds(), stored!["arrivedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_sync_batch_reports_every_operation_even_when_one_in_the_middle_is_null()
    {
        var centre = await system.Gateway.CreateCenterAsync("Null operation school");
        var (first, last) = (Guid.NewGuid(), Guid.NewGuid());

        using var sync = await PostJsonAsync("api/sync", $$"""
            { "deviceId": "phone-null", "operations": [
              { "kind": "household", "id": "{{first}}", "household": {{Household(centre, DateTimeOffset.UtcNow.AddHours(-1))}} },
              null,
              { "kind": "household", "id": "{{last}}", "household": {{Household(centre, DateTimeOffset.UtcNow.AddHours(-1))}} } ] }
            """);

        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        var results = (await sync.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.Equal([201, 400, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.True(results[1]!["errors"]!.AsObject().ContainsKey("operations[1]"));
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync($"api/households/{last}")).StatusCode);
    }

    [Fact]
    public async Task Two_members_with_one_id_are_refused_naming_the_second_and_nothing_is_stored()
    {
        var centre = await system.Gateway.CreateCenterAsync("Same member id school");
        var (household, member) = (Guid.NewGuid(), Guid.NewGuid());

        using var response = await PutJsonAsync($"api/households/{household}", $$"""
            { "centerId": "{{centre}}", "members": [
              { "id": "{{member}}", "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head", "nameLatin": "Rojda Hesen" },
              { "id": "{{member}}", "sex": "male", "dateOfBirth": "2019-06-01", "relationship": "child", "nameLatin": "Baran Hesen" } ] }
            """);

        await AssertNamesFieldAsync(response, "members[1].id");
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"api/households/{household}")).StatusCode);
    }

    [Fact]
    public async Task A_member_id_of_another_household_is_refused_without_saying_whose_it_is()
    {
        var centre = await system.Gateway.CreateCenterAsync("Foreign member school");
        var (first, second, member) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using (var created = await PutJsonAsync($"api/households/{first}", $$"""
            { "centerId": "{{centre}}", "members": [ { "id": "{{member}}", "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head" } ] }
            """))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await PutJsonAsync($"api/households/{second}", $$"""
            { "centerId": "{{centre}}", "members": [ { "id": "{{member}}", "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head" } ] }
            """);

        await AssertNamesFieldAsync(response, "members[0].id");
        Assert.DoesNotContain(first.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("members[0].nameLatin", """{ "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head", "nameLatin": "Huda\u0000Khalaf" }""")]
    [InlineData("members[0]", "null")]
    [InlineData("members[0].nameLatin", """{ "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head", "nameLatin": "\u200F\u200B\uFEFF" }""")]
    public async Task Text_no_one_could_have_typed_and_null_members_are_refused_naming_the_field(string field, string member)
    {
        var centre = await system.Gateway.CreateCenterAsync("Odd text school");
        var household = Guid.NewGuid();

        using var response = await PutJsonAsync($"api/households/{household}", $$"""{ "centerId": "{{centre}}", "members": [ {{member}} ] }""");

        await AssertNamesFieldAsync(response, field);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"api/households/{household}")).StatusCode);
    }

    [Fact]
    public async Task An_origin_code_made_of_invisible_marks_is_refused_and_a_real_one_is_kept_in_capitals()
    {
        var centre = await system.Gateway.CreateCenterAsync("Origin code school");
        var (invisible, real) = (Guid.NewGuid(), Guid.NewGuid());
        string Body(string code) => $$"""
            { "centerId": "{{centre}}", "origin": { "adm1Code": "{{code}}" },
              "members": [ { "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head" } ] }
            """;

        using var refused = await PutJsonAsync($"api/households/{invisible}", Body("\u200F\u200B\uFEFF"));
        using var stored = await PutJsonAsync($"api/households/{real}", Body(" sy08 "));

        await AssertNamesFieldAsync(refused, "origin.adm1Code");
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal("SY08", (await stored.Content.ReadFromJsonAsync<JsonObject>())!["origin"]!["adm1Code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("api/households?page=2147483647&pageSize=200")]
    [InlineData("api/audit?page=2147483647&pageSize=500")]
    [InlineData("api/needs/households?page=2147483647&pageSize=200")]
    public async Task A_page_too_far_to_count_is_a_bad_request_naming_page(string path)
    {
        using var response = await system.Gateway.GetAsync(path);

        await AssertNamesFieldAsync(response, "page");
    }

    [Fact]
    public async Task The_export_opens_in_a_spreadsheet_as_data_never_as_formulas_and_keeps_phone_numbers_readable()
    {
        var centre = await system.Gateway.CreateCenterAsync("Formula school");
        var household = Guid.NewGuid();
        using (var created = await PutJsonAsync($"api/households/{household}", $$"""
            { "centerId": "{{centre}}", "phone": "+963 944 551 203",
              "origin": { "adm1Code": "SY08", "neighbourhood": "@SUM(1+1)*cmd|' /C calc'!A0" },
              "members": [ { "sex": "female", "dateOfBirth": "1990-02-01", "relationship": "head",
                             "nameLatin": "=HYPERLINK(\"http://evil.example\",\"Huda\")" },
                           { "sex": "male", "dateOfBirth": "2015-02-01", "relationship": "child", "nameLatin": "-2+3 Yusuf" } ] }
            """))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var csv = await system.Gateway.GetStringAsync($"api/households/export?centerId={centre}&reason={Uri.EscapeDataString("formula check, winter list")}");
        var rows = csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Contains(",+963 944 551 203,", row));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Huda\"\")\"", csv);
        Assert.Contains("\"'@SUM(1+1)*cmd|' /C calc'!A0\"", csv);
        Assert.Contains("\"'-2+3 Yusuf\"", csv);
        Assert.Contains(",1990-02-01,", csv); // dates as ISO, never 02/01/1990
        // No cell a spreadsheet would evaluate: none starts with = + - @ (the phone is digits only).
        var cells = rows.SelectMany(row => row.Split(',')).Where(cell => !cell.StartsWith("+963", StringComparison.Ordinal));
        Assert.DoesNotContain(cells, cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0]));
    }

    [Fact]
    public async Task A_centres_admin_codes_lie_each_within_the_one_above_and_within_the_coordinators_areas()
    {
        using var coordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY99"]);
        object Centre(string adm1, string adm2, string? adm3 = null) => new
        {
            name = "Nested codes school", type = "school", adm1Code = adm1, adm1Name = "Governorate", adm2Code = adm2, adm2Name = "District",
            adm3Code = adm3, floorAreaM2 = 100, nightCapacity = 20,
        };

        using var otherGovernoratesDistrict = await coordinator.PostAsJsonAsync("api/centers", Centre("SY99", "SY9800"));
        using var subDistrictElsewhere = await system.Gateway.PostAsJsonAsync("api/centers", Centre("SY08", "SY0800", "SY090001"));
        var centre = await system.Gateway.CreateCenterAsync("Nested codes school 2");
        using var movedOut = await system.Gateway.PatchAsJsonAsync($"api/centers/{centre}", new { adm2Code = "SY0900" });

        await AssertNamesFieldAsync(otherGovernoratesDistrict, "adm2Code");
        await AssertNamesFieldAsync(subDistrictElsewhere, "adm3Code");
        await AssertNamesFieldAsync(movedOut, "adm2Code");
        Assert.Equal("SY0800", (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centre}"))!["adm2Code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reusing_another_households_movement_or_distribution_id_is_refused_without_showing_that_record()
    {
        var centre = await system.Gateway.CreateCenterAsync("Reused id school");
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var household in new[] { first, second })
        {
            using var created = await PutJsonAsync($"api/households/{household}", Household(centre, DateTimeOffset.UtcNow.AddHours(-3)));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var (movement, distribution) = (Guid.NewGuid(), Guid.NewGuid());
        using (var moved = await system.Gateway.PostAsJsonAsync($"api/households/{first}/movements",
                   new { id = movement, kind = "departure", destination = "hostFamily", occurredAt = DateTimeOffset.UtcNow.AddHours(-1) }))
        {
            Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        }
        await IdpTracker.Testing.Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{second}") is not null,
            TimeSpan.FromSeconds(30), "Needs to know the second family");
        await IdpTracker.Testing.Eventually.True(async () =>
        {
            using var given = await system.Gateway.PostAsJsonAsync("api/needs/distributions",
                new { id = distribution, item = "heater", quantity = 1, householdId = first, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow) });
            return given.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the first family's heater to be recorded");

        using var movementAgain = await system.Gateway.PostAsJsonAsync($"api/households/{second}/movements", new { id = movement, kind = "followUp" });
        using var distributionAgain = await system.Gateway.PostAsJsonAsync("api/needs/distributions",
            new { id = distribution, item = "blanket", quantity = 3, householdId = second, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow) });

        Assert.Equal(HttpStatusCode.Conflict, movementAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, distributionAgain.StatusCode);
        var bodies = await movementAgain.Content.ReadAsStringAsync() + await distributionAgain.Content.ReadAsStringAsync();
        Assert.DoesNotContain(first.ToString(), bodies);
        Assert.DoesNotContain("hostFamily", bodies);
        Assert.DoesNotContain("heater", bodies);
    }

    private static string Household(Guid centre, DateTimeOffset arrived) => $$"""
        { "centerId": "{{centre}}", "arrivedAt": "{{Local(arrived)}}",
          "members": [ { "sex": "female", "dateOfBirth": "1988-03-04", "relationship": "head", "nameLatin": "Nesrin Ehmed" } ] }
        """;

    private Task<HttpResponseMessage> PutJsonAsync(string path, string json) =>
        system.Gateway.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        system.Gateway.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
    }
}
