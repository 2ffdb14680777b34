using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class ImportTests(SystemFixture system)
{
    private async Task<JsonObject> ImportAsync(string query, string body, string contentType = "text/csv")
    {
        using var response = await system.Gateway.PostAsync($"api/imports?{query}", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Csv(Guid centerId, string batch) => $"""
        submission_id,center_id,relationship,sex,date_of_birth,name_latin,specific_needs
        {batch}-1,{centerId},head,female,1988-04-04,Amal Najjar,FHH
        {batch}-1,{centerId},child,male,2019-01-01,Sami Najjar,
        {batch}-2,{centerId},head,male,1960-02-02,Yasin Qasim,ELD
        {batch}-3,{centerId},head,male,2090-01-01,Future Person,
        {batch}-4,{centerId},head,female,1991-01-01,Rasha Ali,VIP
        """;

    [Fact]
    public async Task A_dry_run_reports_each_submissions_problems_and_stores_nothing()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 1");
        var batch = Guid.NewGuid().ToString("N")[..8];

        var report = await ImportAsync("dryRun=true", Csv(centerId, batch));

        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.Equal(4, report.Int("households"));
        Assert.Equal(2, report.Int("invalid"));
        var problems = report["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains(problems, p => p.StartsWith($"submission {batch}-3: members[0].dateOfBirth", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"submission {batch}-4: members[0].specificNeeds[0]", StringComparison.Ordinal));
        Assert.Equal(0, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy")).Int("people"));
    }

    [Fact]
    public async Task A_real_import_registers_the_good_households_and_importing_again_stores_nothing_twice()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 2");
        var batch = Guid.NewGuid().ToString("N")[..8];
        var importId = Guid.NewGuid();

        var first = await ImportAsync($"id={importId}", Csv(centerId, batch));
        var again = await ImportAsync("", Csv(centerId, batch));

        Assert.Equal((2, 2), (first.Int("created"), first.Int("invalid")));
        Assert.Equal((0, 2, 2), (again.Int("created"), again.Int("unchanged"), again.Int("invalid")));
        Assert.Equal(3, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy")).Int("people"));
        var progress = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/imports/{importId}");
        Assert.Equal(4, progress.Int("households"));
        var found = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?centerId={centerId}&q=Amal");
        Assert.Single(found!["items"]!.AsArray());
    }

    [Fact]
    public async Task Kobo_submissions_are_imported_by_their_submission_id()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 3");
        var uuid = Guid.NewGuid();
        var submissions = $$"""
            [ { "_uuid": "{{uuid}}", "center_id": "{{centerId}}",
                "hh/members": [ { "hh/members/sex": "female", "hh/members/dob": "1979-05-05", "hh/members/relationship": "head",
                                  "hh/members/name_ar": "سلمى" },
                                { "hh/members/sex": "female", "hh/members/dob": "2024-05-05", "hh/members/relationship": "child" } ] } ]
            """;

        var report = await ImportAsync("format=kobo", submissions, "application/json");
        var again = await ImportAsync("format=kobo", submissions, "application/json");

        Assert.Equal(1, report.Int("created"));
        Assert.Equal(1, again.Int("unchanged"));
        Assert.Equal(2, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy")).Int("people"));
    }

    [Fact]
    public async Task An_import_whose_service_stopped_mid_file_is_shown_as_failed_with_the_count_reached()
    {
        // What a crash leaves behind: a run marked running whose progress stopped being saved.
        var id = Guid.NewGuid();
        await TestServers.ScalarAsync<int>(SystemFixture.Database("Registration"), """
            INSERT INTO import_runs (id, format, dry_run, status, households, created, unchanged, updated, conflicts, invalid, problems, started_at, updated_at, started_by)
            VALUES (@id, 'Csv', false, 'Running', 400, 400, 0, 0, 0, 0, '{}', now() - interval '20 minutes', now() - interval '15 minutes', @by)
            RETURNING 1
            """, ("id", id), ("by", Accounts.Subject(system.Gateway)));

        var run = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/imports/{id}");

        Assert.Equal("failed", run!["status"]!.GetValue<string>());
        Assert.Contains("after 400 household(s)", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_is_followed_only_by_the_person_who_started_it_and_its_id_is_not_confirmed_to_anyone_else()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 4");
        var importId = Guid.NewGuid();
        using var colleague = await system.Accounts.ClientAsync(["field_worker"], centres: [centerId]);
        await ImportAsync($"id={importId}&dryRun=true", Csv(centerId, Guid.NewGuid().ToString("N")[..8]));

        using var read = await colleague.GetAsync($"api/imports/{importId}");
        using var reused = await colleague.PostAsync($"api/imports?id={importId}&dryRun=true", new StringContent(Csv(centerId, "x"), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.DoesNotContain("households", await reused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync($"api/imports/{importId}")).StatusCode);
    }

    [Fact]
    public async Task Kobo_api_answers_wrapped_in_results_are_imported_and_items_that_are_not_submissions_are_reported()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 5");
        var body = $$"""
            { "count": 3, "next": null, "results": [
              { "_uuid": "{{Guid.NewGuid()}}", "center_id": "{{centerId}}", "arrived_at": "{{DateTimeOffset.UtcNow.AddHours(-2).ToOffset(TimeSpan.FromHours(3)):yyyy-MM-ddTHH:mm:sszzz}}",
                "members": [ { "sex": "female", "dob": "1979-05-05", "relationship": "head" } ] },
              42,
              "not a submission" ] }
            """;

        var report = await ImportAsync("format=kobo", body, "application/json");

        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.Equal((3, 1, 2), (report.Int("households"), report.Int("created"), report.Int("invalid")));
        Assert.Contains(report["problems"]!.AsArray(), p => p!.GetValue<string>().Contains("item 2 is not a submission", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_with_local_arrival_times_is_imported_to_the_end()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Import school 6");
        var csv = $"""
            submission_id,center_id,arrived_at,relationship,sex,date_of_birth
            {Guid.NewGuid():N},{centerId},2026-11-20T10:00:00+03:00,head,female,1988-04-04
            """;

        var report = await ImportAsync("", csv);

        Assert.Equal(("completed", 1), (report["status"]!.GetValue<string>(), report.Int("created")));
    }
}
