using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// A partner's register handed over as a file: 100,000 rows (25,000 households of four, the bench's generated families)
/// imported through the gateway as the coordinator imports one, with Registration's memory before and at its highest
/// while the file goes in, then how long Needs and Reporting take to count every household it added.
/// </summary>
static class Import
{
    public const int Households = 25_000;
    public const int MembersPerHousehold = 4;

    public static async Task MeasureAsync(BenchSystem system, BenchReport report)
    {
        var random = await system.NewFamiliesAsync(20220121);
        var file = Csv(random, system.Centres, $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
        var registration = system.ServicePids()["Registration"];
        var before = await system.CountsAsync();
        var memoryBefore = MemorySampler.Now(registration);

        var watch = Stopwatch.StartNew();
        using var importing = new CancellationTokenSource();
        var peak = MemorySampler.PeakAsync(registration, importing.Token);
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new("text/csv");
        using var response = await system.SendAsync(HttpMethod.Post, "api/imports", system.Coordinator, content);
        var seconds = watch.Elapsed.TotalSeconds;
        await importing.CancelAsync();
        var memoryPeak = await peak;
        var run = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        var created = run?["created"]?.GetValue<int>() ?? 0;

        var matching = (await system.QueueDepthsAsync()).GetValueOrDefault("find-duplicates");
        var caughtUp = await Ingest.CatchUpAsync(system, before.Needs + created, before.Reporting + created);
        var outcome = run is null
            ? $"refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            : $"{run["status"]}, {created:N0} households created, {run["invalid"]} invalid";

        report.Section("Import", new StringBuilder()
            .AppendLine($"A CSV file of {Households * MembersPerHousehold:N0} rows ({Households:N0} households of {MembersPerHousehold}, {file.Length / 1048576.0:N1} MiB; the generated families of the ingest rows, in the field worker's centres) sent in one `POST /api/imports` as the coordinator: the time until its answer, Registration's memory (MiB) just before and the highest read from /proc every half second until the answer, and how long after it Needs and Reporting counted every household the file added. \"Waiting\" is what Registration's duplicate finder still had to match at the answer.")
            .AppendLine()
            .AppendLine("| Outcome | Time | households/s | Registration RSS before / peak | PSS before / peak | waiting | Needs and Reporting caught up |")
            .AppendLine("|---|---|---|---|---|---|---|")
            .AppendLine($"| {outcome} | {seconds:N0} s | {created / seconds:N0} | {memoryBefore.Rss:N0} / {memoryPeak.Rss:N0} | {memoryBefore.Pss:N0} / {memoryPeak.Pss:N0} | {matching:N0} | {(caughtUp is { } s ? $"{s:N0} s later" : "not in 15 min")} |")
            .ToString());
    }

    /// <summary>The file as a partner's spreadsheet is saved: a row a member, the household's columns on each of its rows.</summary>
    private static byte[] Csv(Random random, Guid[] centres, string submissions)
    {
        var csv = new StringBuilder("submission_id,center_id,arrived_at,relationship,sex,date_of_birth,dob_estimated,name_latin,name_ar,specific_needs\n");
        for (var h = 0; h < Households; h++)
        {
            var household = global::Households.New(random, centres, MembersPerHousehold);
            foreach (var member in household["members"]!.AsArray())
            {
                var needs = string.Join(' ', member!["specificNeeds"]!.AsArray().Select(n => n!.GetValue<string>()));
                csv.Append($"{submissions}-{h},{household["centerId"]},{household["arrivedAt"]},{member["relationship"]},{member["sex"]},")
                    .Append($"{member["dateOfBirth"]},{(member["dateOfBirthEstimated"]!.GetValue<bool>() ? "yes" : "no")},{member["nameLatin"]},{member["nameArabic"]},{needs}\n");
            }
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
