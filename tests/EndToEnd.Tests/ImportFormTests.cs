using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Testing;
using MiniExcelLibs;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>docs/imports.md: the form a Kobo user deploys, and the example file, import as they are.</summary>
[Collection(nameof(SystemCollection))]
public sealed class ImportFormTests(SystemFixture system)
{
    private static string Text(IDictionary<string, object?> row, string column) => row.TryGetValue(column, out var value) ? value?.ToString() ?? "" : "";

    [Fact]
    public async Task A_submission_shaped_like_the_forms_output_is_imported_with_every_field_it_asks_for()
    {
        var name = "Form school " + Guid.NewGuid().ToString("N")[..6];
        var centre = await system.Gateway.CreateCenterAsync(name);
        using var download = await system.Gateway.GetAsync("api/imports/form.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        using var form = new MemoryStream(await download.Content.ReadAsByteArrayAsync());
        var survey = form.Query(useHeaderRow: true, sheetName: "survey").Cast<IDictionary<string, object?>>().ToList();
        var choices = form.Query(useHeaderRow: true, sheetName: "choices").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(choices, c => Text(c, "list_name") == "centres" && Text(c, "name") == centre.ToString() && Text(c, "label::English (en)") == name);
        Assert.All(survey.Where(q => Text(q, "type") is not ("begin_repeat" or "end_repeat")),
            q => Assert.False(string.IsNullOrEmpty(Text(q, "label::Arabic (ar)")), $"{Text(q, "name")} has an Arabic label"));

        // Answer every question the way KoboToolbox writes answers: fields in the repeat group prefixed with its name,
        // a select_one as its choice's name, a select_multiple as names separated by spaces.
        var submissionId = Guid.NewGuid();
        var submission = new JsonObject { ["_uuid"] = submissionId.ToString(), ["meta/instanceID"] = $"uuid:{submissionId}" };
        var family = "Qamishlo" + Guid.NewGuid().ToString("N")[..4];
        JsonObject? member = null;
        string? repeat = null;
        foreach (var question in survey)
        {
            var (type, field) = (Text(question, "type"), Text(question, "name"));
            if (type == "begin_repeat") { repeat = field; member = new JsonObject(); continue; }
            if (type == "end_repeat") { submission[repeat!] = new JsonArray(member!); repeat = null; continue; }
            var list = type.Split(' ').ElementAtOrDefault(1);
            string answer = type switch
            {
                "text" when field.Contains("name", StringComparison.Ordinal) => field.EndsWith("ar", StringComparison.Ordinal) ? "هدى" : $"Huda {family}",
                "text" => field switch { "phone" => "+963 944 551 203", "origin_adm1" => "SY08", "origin_adm2" => "SY0800", _ => "Ghuwayran" },
                "date" when field == "date_of_birth" => "1991-04-02",
                "date" => "2026-11-17",
                "dateTime" => "2026-11-18T10:00:00.000+03:00",
                "integer" => "2",
                _ when list == "centres" => centre.ToString(),
                _ when list == "relationship" => "head",
                _ when list == "sex" => "female",
                _ when list == "yes_no" => "no",
                _ when list == "presence" => "night_only",
                _ when list == "specific_needs" => "FHH WG-WALKING",
                _ => throw new InvalidOperationException($"The form asks a question this test cannot answer: {type} {field}"),
            };
            Assert.Contains(type.Split(' ')[0], new[] { "text", "date", "dateTime", "integer", "select_one", "select_multiple" });
            if (list is not null && list != "centres")
            {
                Assert.All(answer.Split(' '), a => Assert.Contains(choices, c => Text(c, "list_name") == list && Text(c, "name") == a));
            }
            if (repeat is null) submission[field] = answer;
            else member![$"{repeat}/{field}"] = answer;
        }

        using var response = await system.Gateway.PostAsync("api/imports?format=kobo",
            new StringContent(new JsonObject { ["results"] = new JsonArray(submission) }.ToJsonString(), Encoding.UTF8, "application/json"));
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((1, 0) == (report.Int("created"), report.Int("invalid")), report.ToJsonString());

        var found = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?centerId={centre}&q={family}");
        var household = Assert.Single(found!["items"]!.AsArray())!;
        Assert.Equal(("+963 944 551 203", "SY0800", "Ghuwayran", "2026-11-17", 2),
            (household["phone"]!.GetValue<string>(), household["origin"]!["adm2Code"]!.GetValue<string>(),
                household["origin"]!["neighbourhood"]!.GetValue<string>(), household["displacedOn"]!.GetValue<string>(), household.Int("previousDisplacements")));
        Assert.Equal("nightOnly", household["presence"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            household["arrivedAt"]!.GetValue<DateTimeOffset>());
        var head = household["members"]![0]!;
        Assert.Equal(("female", "head", "1991-04-02", "هدى", $"Huda {family}"),
            (head["sex"]!.GetValue<string>(), head["relationship"]!.GetValue<string>(), head["dateOfBirth"]!.GetValue<string>(),
                head["nameArabic"]!.GetValue<string>(), head["nameLatin"]!.GetValue<string>()));
        Assert.Equal(["FHH", "WG-WALKING"], head["specificNeeds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task The_example_file_in_the_imports_guide_imports_as_it_is()
    {
        var centre = await system.Gateway.CreateCenterAsync("Example school " + Guid.NewGuid().ToString("N")[..6]);
        var guide = await File.ReadAllTextAsync(Path.Combine(TestServers.RepoRoot, "docs", "imports.md"));
        var start = guide.IndexOf("```csv\n", StringComparison.Ordinal) + "```csv\n".Length;
        var example = guide[start..guide.IndexOf("```", start, StringComparison.Ordinal)];
        // Submission ids of their own, so this run's households are new whatever ran before.
        var batch = Guid.NewGuid().ToString("N")[..6];
        var csv = example.Replace("CENTRE_ID", centre.ToString(), StringComparison.Ordinal).Replace("kobo-", $"kobo-{batch}-", StringComparison.Ordinal);

        using var response = await system.Gateway.PostAsync("api/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True((2, 0) == (report.Int("created"), report.Int("invalid")), report.ToJsonString());
        var occupancy = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centre}/occupancy");
        Assert.Equal((2, 5), (occupancy.Int("households"), occupancy.Int("people")));
    }
}
