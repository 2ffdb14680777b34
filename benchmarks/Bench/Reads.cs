using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

/// <summary>
/// The coordinator's screens at the register's present size, each beside a hand-written SQL query doing the same
/// counting or paging in one statement on the same rows.
/// </summary>
static class Reads
{
    private sealed record Read(string Screen, string Path, string Database, string Sql);

    /// <summary>A page of households with their members, its read recorded in the audit trail as the service records one.</summary>
    private static string RecordingTheRead(string page) =>
        $"WITH page AS ({page}), recorded AS (INSERT INTO audit_entries (at, actor, client, action, household_id, detail) " +
        "SELECT now(), 'benchmark', 'idp-bench', 'Search', id, 'hand-written SQL measured beside the service' FROM page) " +
        "SELECT h.*, m.* FROM page h JOIN members m ON m.household_id = h.id";

    /// <param name="filled">How the register was brought to its size for this round (--reads-at), or null for the register as the run left it.</param>
    public static async Task MeasureAsync(BenchSystem system, BenchReport report, string? filled)
    {
        // Reads are timed on a quiet system: after every queue, the duplicate finder's too, has emptied.
        var settled = $"Every queue was empty within {await system.QuietAsync()} of the reads' start (Registration's duplicate finder catching up after any registrations).";
        var centre = system.Centres[0];
        var households = await system.ScalarAsync<long>("idp_registration", "SELECT count(*) FROM households WHERE merged_into_id IS NULL");
        var subscription = (await system.GetAsync<JsonArray>("api/reports/subscriptions")).Select(s => s!["id"]!.GetValue<Guid>()).FirstOrDefault();
        // The most common blind-index key stands for a common given name (its clear text is not known here).
        var commonKey = "\\x" + Convert.ToHexString(await system.ScalarAsync<byte[]>("idp_registration",
            "SELECT hash FROM name_index WHERE NOT pair GROUP BY hash ORDER BY count(*) DESC LIMIT 1")).ToLowerInvariant();
        const string sy08 = "center_id IN (SELECT id FROM centers WHERE adm1code = 'SY08')";
        // The quarter of an hour a moment falls in, as Reporting keeps its arrivals (ArrivalTotal.QuarterOf).
        static string Quarter(string moment) => $"to_timestamp(floor(extract(epoch FROM {moment}) / 900) * 900)";
        var since = $"coalesce((SELECT max(occurrence) FROM situation_reports WHERE subscription_id = '{subscription}'), now() - interval '1 day')";
        // The report's day, in the subscription's time zone, as the service counts it.
        var localDay = subscription == Guid.Empty ? "current_date" : "'" + (await system.ScalarAsync<DateTime>("idp_reporting",
            $"SELECT (now() AT TIME ZONE (SELECT time_zone FROM subscriptions WHERE id = '{subscription}'))::date::timestamp")).ToString("yyyy-MM-dd") + "'::date";
        Read[] reads =
        [
            new("Overview: sector gaps", "api/needs/summary?area=SY08", "idp_needs",
                // The totals are a few rows per centre, so what else the summary must read counts: the centres, the rules, the recount due.
                $"SELECT * FROM centers; SELECT rules FROM rule_sets ORDER BY number DESC LIMIT 1; SELECT DISTINCT household_id FROM people_tallies WHERE counts_until < current_date LIMIT 500; " +
                $"SELECT sex, age_bracket, sum(people), sum(people) FILTER (WHERE winterization = 1), sum(people) FILTER (WHERE heating = 1), sum(households) FROM people_tally_totals WHERE {sy08} GROUP BY sex, age_bracket"),
            new("Overview: items owed", "api/needs/gaps?area=SY08", "idp_needs",
                $"SELECT * FROM centers; SELECT * FROM center_need_totals WHERE {sy08}; SELECT item, sum(quantity) FROM distributions WHERE household_id IS NULL AND {sy08} GROUP BY item"),
            new("Overview: centres", "api/needs/centers", "idp_needs",
                "SELECT * FROM rule_sets ORDER BY number DESC LIMIT 1; SELECT * FROM centers ORDER BY name; SELECT * FROM center_need_totals"),
            new("Overview: figures", "api/reports/figures?area=SY08", "idp_reporting",
                // The totals (people and protection) and the day's arrivals, in one snapshot as the figures read them.
                $"SELECT * FROM centers; SELECT DISTINCT household_id FROM people_counts WHERE counts_until < current_date LIMIT 500; " +
                $"SELECT place, sex, age_bracket, sum(people), sum(households) FROM people_count_totals WHERE {sy08} GROUP BY place, sex, age_bracket; " +
                // The day's arrivals: whole quarters of an hour from their totals, the first one, cut by the span's start, from the rows.
                $"SELECT arrived_in, sum(households), sum(people) FROM arrival_totals WHERE {sy08} AND arrived_in >= {Quarter("now() - interval '1 day'")} + interval '15 minutes' GROUP BY arrived_in; " +
                $"SELECT arrived_at, sum(households), sum(people) FROM people_counts WHERE {sy08} AND arrived_at > now() - interval '1 day' AND arrived_at < {Quarter("now() - interval '1 day'")} + interval '15 minutes' GROUP BY arrived_at; " +
                $"SELECT center_id, category, count FROM protection_count_totals WHERE {sy08}; SELECT * FROM center_needs"),
            new("Centre status: occupancy", $"api/centers/{centre}/occupancy", "idp_registration",
                // The totals the database keeps (ADR-013) and the changes not folded into them yet, as the service reads them.
                $"SELECT presence, sex, date_of_birth, sum(households), sum(people) FROM (SELECT presence, sex, date_of_birth, households, people FROM occupancy_totals WHERE center_id = '{centre}' " +
                $"UNION ALL SELECT presence, sex, date_of_birth, households, people FROM occupancy_changes WHERE center_id = '{centre}') x GROUP BY 1, 2, 3 HAVING sum(households) <> 0 OR sum(people) <> 0"),
            new("Priorities: first page", "api/needs/households?area=SY08&pageSize=50", "idp_needs",
                $"SELECT p.*, d.* FROM (SELECT * FROM household_needs WHERE present AND NOT merged AND source_version > 0 AND {sy08} ORDER BY urgent DESC, priority_score DESC, assessed_at, household_id LIMIT 50) p LEFT JOIN distributions d ON d.household_id = p.household_id"),
            // A page of households holds names: the service records the read (a row a household, committed) before they
            // leave, and so does the SQL beside it.
            new("Households: first page", "api/households?pageSize=50", "idp_registration",
                RecordingTheRead("SELECT * FROM households WHERE merged_into_id IS NULL ORDER BY arrived_at DESC, id LIMIT 50")),
            new("Households: a name search", "api/households?q=Mohammed&pageSize=50", "idp_registration",
                RecordingTheRead($"SELECT * FROM households WHERE merged_into_id IS NULL AND id IN (SELECT household_id FROM name_index WHERE hash = '{commonKey}' AND NOT pair) ORDER BY registered_at DESC, id LIMIT 50")),
            .. subscription == Guid.Empty ? Array.Empty<Read>() :
            [
                new("A donor report built (preview)", $"api/reports/subscriptions/{subscription}/preview.html", "idp_reporting",
                    // The totals less the rows that do not hold on the report's day (in the subscription's time zone: after 21:00 UTC
                    // in Damascus it is tomorrow, and the households whose age brackets change at midnight are read and counted from
                    // their people), the arrivals since the subscription's last report and the protection totals.
                    "SELECT * FROM centers; SELECT * FROM center_needs; SELECT * FROM people_count_totals; " +
                    $"SELECT center_id, place, sex, age_bracket, sum(people), sum(households) FROM people_counts WHERE arrived_at > now() OR counts_until < {localDay} GROUP BY center_id, place, sex, age_bracket; " +
                    $"SELECT h.* FROM households h WHERE household_id IN (SELECT household_id FROM people_counts WHERE arrived_at <= now() AND counts_until < {localDay}); " +
                    // The arrivals since the last report: whole quarters of an hour from their totals, the two cut by the span's ends from the rows.
                    $"SELECT arrived_in, sum(households), sum(people) FROM arrival_totals WHERE arrived_in >= {Quarter(since)} + interval '15 minutes' AND arrived_in < {Quarter("now()")} GROUP BY arrived_in; " +
                    $"SELECT arrived_at, sum(households), sum(people) FROM people_counts WHERE arrived_at > {since} AND arrived_at <= now() AND (arrived_at < {Quarter(since)} + interval '15 minutes' OR arrived_at >= {Quarter("now()")} OR counts_until < {localDay}) GROUP BY arrived_at; " +
                    "SELECT center_id, category, count FROM protection_count_totals"),
            ],
        ];

        var floor = await TimeAsync(system, "api/centers", null);
        var table = new StringBuilder()
            .AppendLine($"{settled} At {households:N0} households{(filled is null ? "" : $" ({filled})")}. Each read run 3 times to warm up, then up to 20 times (fewer when a read takes seconds), one at a time, as the demo coordinator (governorate SY08), through the gateway; beside it, hand-written SQL doing the same grouping or paging on the same rows, run the same way (for the overview's sector gaps, items owed, centres and figures, which add up a few rows of totals per centre, also the other reads the service makes for them: the centres, the rules, the recount due, the day's arrivals). Milliseconds. \"Beyond HTTP\" takes off the p50 of the lightest authenticated read (`GET /api/centers`, {floor.At(0.5):N0} ms): the gateway, the token check and the JSON. A page of households also decrypts names, which SQL cannot do; both it and its SQL record the read in the audit trail.")
            .AppendLine()
            .AppendLine("| Screen | Request | p50 | p95 | SQL p50 | beyond HTTP / SQL |")
            .AppendLine("|---|---|---|---|---|---|");
        var ratios = new List<(string Screen, double Ratio)>();
        foreach (var read in reads)
        {
            var http = await TimeAsync(system, read.Path, null);
            var sql = await TimeAsync(system, null, read);
            var ratio = Math.Max(0, http.At(0.5) - floor.At(0.5)) / Math.Max(sql.At(0.5), 1);
            ratios.Add((read.Screen, ratio));
            table.AppendLine($"| {read.Screen} | `GET /{read.Path.Split('?')[0]}` | {http.At(0.5):N0} | {http.At(0.95):N0} | {sql.At(0.5):N1} | {ratio:N1}x |");
            Console.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            if (read.Screen.StartsWith("Overview: sector gaps"))
            {
                report.Target($"The summary under 500 ms (p50, at {households:N0} households)", $"{http.At(0.5):N0} ms", http.At(0.5) < 500);
            }
        }
        report.Section(filled is null ? "Reads" : $"Reads at {households:N0} households", table.ToString());
        var worst = ratios.MaxBy(r => r.Ratio);
        report.Target($"Every read within 2x of its SQL (beyond HTTP, at {households:N0} households)", $"worst: {worst.Screen} {worst.Ratio:N1}x", worst.Ratio <= 2);
    }

    private static async Task<Timings> TimeAsync(BenchSystem system, string? path, Read? read)
    {
        var times = new Timings();
        var spent = Stopwatch.StartNew();
        await using var connection = read is null ? null : new NpgsqlConnection(system.ConnectionString(read.Database));
        if (connection is not null) await connection.OpenAsync();
        for (var i = 0; i < 23 && (i < 8 || spent.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            var watch = Stopwatch.StartNew();
            if (connection is not null)
            {
                await using var command = new NpgsqlCommand(read!.Sql, connection);
                await using var reader = await command.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync()) { }
                } while (await reader.NextResultAsync());
            }
            else
            {
                using var response = await system.SendAsync(HttpMethod.Get, path!, system.Coordinator);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
            }
            if (i >= 3) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
