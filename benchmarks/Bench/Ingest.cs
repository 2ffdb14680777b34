using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// New households through the gateway as phones send them: sync batches of 50 and 500 and single PUTs, from 8 and 16
/// clients at once, each household of five members, compared with pgbench doing the database's part of the same work.
/// </summary>
static class Ingest
{
    private sealed record Scenario(string Name, int Clients, int Batch, bool Put = false, int? Requests = null);

    private sealed record Outcome(Scenario Scenario, int Households, double Seconds, Timings Latency, int Failed)
    {
        public long Waiting { get; set; }
        public double? CaughtUpSeconds { get; set; }

        public double PerSecond => Households / Seconds;
    }

    /// <returns>The best households per second a sync scenario reached (the pipeline is then run at half of it).</returns>
    public static async Task<double> MeasureAsync(BenchSystem system, BenchReport report)
    {
        Scenario[] scenarios =
        [
            // The lighter rows first: each row leaves Registration's duplicate finder a backlog it works through while
            // the next rows run.
            new("a phone back online: one batch of 500, alone", 1, 500, Requests: 3),
            new("PUT, one household each", 8, 1, Put: true),
            new("PUT, one household each", 16, 1, Put: true),
            new("sync, batches of 50", 8, 50),
            new("sync, batches of 50", 16, 50),
            new("sync, batches of 500", 8, 500),
            new("sync, batches of 500", 16, 500),
        ];
        var random = await system.NewFamiliesAsync(20220120);
        // Both paths warmed, not counted: a service just started answers its first requests with code its tiered compiler
        // has not optimised yet, and the first row of each path should not pay for that.
        await RunAsync(system, new Scenario("warm-up", 4, 10, Requests: 8), random);
        await RunAsync(system, new Scenario("warm-up", 4, 1, Put: true, Requests: 100), random);

        var table = new StringBuilder()
            .AppendLine($"After a warm-up of both paths (syncs and PUTs, not counted), each row: clients sending for {system.Options.Seconds} s (a batch of 500 is sent by every client at least once), households of five members in the field worker's centres, the field worker's token; households/s counts those answered 201 over the time until the last answer. Latency is per request (ms). Before the next row, Needs and Reporting are let catch up; \"caught up\" is how long that took after the row's last answer, \"waiting\" the events waiting when the row's last answer came: in Needs' and Reporting's queues / in Registration's duplicate finder's (which matches each new household against the register and may lag).")
            .AppendLine()
            .AppendLine("| Scenario | Clients | households/s | % of PostgreSQL's ceiling | p50 | p95 | p99 | failed | waiting | caught up |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var outcomes = new List<Outcome>();
        var walBefore = await WalAsync(system);
        foreach (var scenario in scenarios)
        {
            var before = await system.CountsAsync();
            var outcome = await RunAsync(system, scenario, random);
            var queues = await system.QueueDepthsAsync();
            var matching = queues.GetValueOrDefault("find-duplicates");
            var waiting = outcome.Waiting = queues.Values.Sum() - matching;
            outcome.CaughtUpSeconds = await CatchUpAsync(system, before.Needs + outcome.Households, before.Reporting + outcome.Households);
            var caughtUp = outcome.CaughtUpSeconds is { } s ? $"{s:N0} s" : "not in 15 min";
            outcomes.Add(outcome);
            var ceiling = Ceilings.HouseholdsPerSecond.GetValueOrDefault(scenario.Clients);
            var share = ceiling > 0 && scenario.Clients > 1 ? $"{100 * outcome.PerSecond / ceiling:N0} %" : "";
            table.AppendLine($"| {scenario.Name} | {scenario.Clients} | {outcome.PerSecond:N0} | {share} | {outcome.Latency.P50P95P99} | {outcome.Failed} | {waiting:N0} / {matching:N0} | {caughtUp} |");
            Console.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }
        var wal = await WalAsync(system) - walBefore;
        var registered = outcomes.Sum(o => o.Households);
        table.AppendLine()
            .AppendLine($"PostgreSQL's write-ahead log over these rows (all databases, Needs' and Reporting's work included): {wal.Bytes / 1048576.0:N0} MiB for {registered:N0} households, " +
                        $"{wal.Bytes / 1024.0 / Math.Max(1, registered):N0} KiB a household; it carried {wal.PageImages:N0} whole-page images (a page's first change after a checkpoint).");
        report.Section("Ingest", table.ToString());

        var concurrent = outcomes.Where(o => o.Scenario.Clients > 1).ToList();
        var shares = concurrent.Select(o => (o, Share: o.PerSecond / Ceilings.HouseholdsPerSecond[o.Scenario.Clients])).ToList();
        var worst = shares.MinBy(s => s.Share);
        report.Target("Ingest at least 40 % of PostgreSQL's ceiling at the same concurrency",
            $"{100 * shares.Min(s => s.Share):N0}-{100 * shares.Max(s => s.Share):N0} % (lowest: {worst.o.Scenario.Name}, {worst.o.Scenario.Clients} clients)", worst.Share >= 0.4);
        var phone = outcomes[0];
        report.Target("A 500-household batch answered in under 5 s", $"{phone.Latency.At(1) / 1000:N1} s at most over {phone.Latency.Count} batches sent alone", phone.Latency.At(1) < 5000);
        var fastest = concurrent.MaxBy(o => o.PerSecond)!;
        if (fastest.CaughtUpSeconds is { } settled)
        {
            Pipeline.Fastest = $"{fastest.Scenario.Name}, {fastest.Scenario.Clients} clients: {fastest.Households:N0} households in {fastest.Seconds:N0} s, " +
                               $"{fastest.Waiting:N0} events waiting in the queues at its last answer, caught up {settled:N0} s later";
            Pipeline.BacklogAtFastest = fastest.Waiting;
        }
        return concurrent.Where(o => !o.Scenario.Put).Max(o => o.PerSecond);
    }

    private readonly record struct Wal(long Bytes, long PageImages)
    {
        public static Wal operator -(Wal a, Wal b) => new(a.Bytes - b.Bytes, a.PageImages - b.PageImages);
    }

    private static async Task<Wal> WalAsync(BenchSystem system) =>
        new(await system.ScalarAsync<long>("postgres", "SELECT wal_bytes::bigint FROM pg_stat_wal"),
            await system.ScalarAsync<long>("postgres", "SELECT wal_fpi FROM pg_stat_wal"));

    private static async Task<Outcome> RunAsync(BenchSystem system, Scenario scenario, Random random)
    {
        var latency = new Timings();
        var households = 0;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(system.Options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, scenario.Clients).Select(async _ =>
        {
            for (var sent = 0; scenario.Requests is { } limit ? sent < limit : sent == 0 || watch.Elapsed < deadline; sent++)
            {
                var batch = Batch(random, system.Centres, scenario.Batch);
                var started = Stopwatch.GetTimestamp();
                var (stored, ok) = scenario.Put ? await PutAsync(system, batch[0]) : await SyncAsync(system, batch);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref households, stored);
                if (!ok) Interlocked.Increment(ref failed);
            }
        }));
        return new Outcome(scenario, households, watch.Elapsed.TotalSeconds, latency, failed);
    }

    public static List<(Guid Id, JsonObject Household)> Batch(Random random, Guid[] centres, int size)
    {
        lock (random) return Enumerable.Range(0, size).Select(_ => (Guid.NewGuid(), Households.New(random, centres, Ceilings.MembersPerHousehold))).ToList();
    }

    /// <summary>A batch of new households sent as a phone syncs: how many were stored, and whether all were.</summary>
    public static async Task<(int Stored, bool Ok)> SyncAsync(BenchSystem system, List<(Guid Id, JsonObject Household)> batch)
    {
        var body = new JsonObject
        {
            ["deviceId"] = "bench",
            ["operations"] = new JsonArray(batch.Select(h => (JsonNode)new JsonObject { ["kind"] = "household", ["id"] = h.Id, ["household"] = h.Household }).ToArray()),
        };
        using var response = await system.SendAsync(HttpMethod.Post, "api/sync", system.FieldWorker, JsonContent.Create(body));
        if (!response.IsSuccessStatusCode) return (0, false);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        var stored = results.Count(r => r!["status"]!.GetValue<int>() == 201);
        return (stored, stored == batch.Count);
    }

    private static async Task<(int Stored, bool Ok)> PutAsync(BenchSystem system, (Guid Id, JsonObject Household) household)
    {
        using var response = await system.SendAsync(HttpMethod.Put, $"api/households/{household.Id}", system.FieldWorker, JsonContent.Create(household.Household));
        return response.StatusCode == System.Net.HttpStatusCode.Created ? (1, true) : (0, false);
    }

    /// <summary>Waits until Needs and Reporting count what was registered; says how long it took (null: not in 15 minutes).</summary>
    public static async Task<double?> CatchUpAsync(BenchSystem system, int needs, int reporting)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(15))
        {
            var counts = await system.CountsAsync();
            if (counts.Needs >= needs && counts.Reporting >= reporting) return watch.Elapsed.TotalSeconds;
            await Task.Delay(500);
        }
        return null;
    }
}
