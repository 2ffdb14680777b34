using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// How long after a phone's 2xx a household is in the coordinator's figures: batches of 50 sent at half the fastest
/// ingest rate, while Needs' centre totals and Reporting's figures are read every 200 ms.
/// </summary>
static class Pipeline
{
    public static string? Fastest { get; set; }
    public static long BacklogAtFastest { get; set; }

    private const int Batch = 50;

    private sealed record Poll(double At, int Needs, int Reporting);

    public static async Task MeasureAsync(BenchSystem system, BenchReport report, double maxRate)
    {
        var (drained, drainSeconds, eventsPerSecond) = await CapacityAsync(system);

        var rate = maxRate / 2;
        var half = system.Options.PipelineOnly ? "" : " (half the fastest ingest row)";
        var interval = TimeSpan.FromSeconds(Batch / rate);
        var seconds = system.Options.Seconds * 2;
        var before = await system.CountsAsync();
        var answered = new ConcurrentBag<(double At, int Households)>();
        var polls = new List<Poll>();
        var random = await system.NewFamiliesAsync(7);
        var clock = Stopwatch.StartNew();
        using var stopPolling = new CancellationTokenSource();

        var polling = Task.Run(async () =>
        {
            while (!stopPolling.IsCancellationRequested)
            {
                var counts = await system.CountsAsync();
                lock (polls) polls.Add(new Poll(clock.Elapsed.TotalSeconds, counts.Needs - before.Needs, counts.Reporting - before.Reporting));
                await Task.Delay(200);
            }
        });

        var sending = new List<Task>();
        using var inFlight = new SemaphoreSlim(16);
        for (var next = TimeSpan.Zero; next < TimeSpan.FromSeconds(seconds); next += interval)
        {
            if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed);
            await inFlight.WaitAsync();
            sending.Add(Task.Run(async () =>
            {
                try
                {
                    var (stored, _) = await Ingest.SyncAsync(system, Ingest.Batch(random, system.Centres, Batch));
                    answered.Add((clock.Elapsed.TotalSeconds, stored));
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(sending);
        var sent = answered.Sum(a => a.Households);
        var sentFor = clock.Elapsed.TotalSeconds;
        await Ingest.CatchUpAsync(system, before.Needs + sent, before.Reporting + sent);
        await stopPolling.CancelAsync();
        await polling;

        // Households are taken roughly in the order they were stored: the k-th household answered is in the figures
        // once the figures count k more than before.
        var needsLag = new Timings();
        var reportingLag = new Timings();
        var cumulative = 0;
        foreach (var (at, households) in answered.OrderBy(a => a.At))
        {
            cumulative += households;
            var inNeeds = polls.FirstOrDefault(p => p.Needs >= cumulative)?.At ?? double.NaN;
            var inReporting = polls.FirstOrDefault(p => p.Reporting >= cumulative)?.At ?? double.NaN;
            needsLag.Add(Math.Max(0, inNeeds - at) * 1000);
            reportingLag.Add(Math.Max(0, inReporting - at) * 1000);
        }

        var text = $"""
            {sent:N0} households sent in batches of {Batch} at {rate:N0} households/s{half} for {sentFor:N0} s. Lag: from a batch's 2xx until Needs' centre totals (`GET /api/needs/centers`) and Reporting's figures (`GET /api/reports/figures`) count it, read every 200 ms (so up to 200 ms is the reading's own). Milliseconds.

            | Into | p50 | p95 | p99 |
            |---|---|---|---|
            | Needs | {needsLag.P50P95P99} |
            | Reporting | {reportingLag.P50P95P99} |

            Capacity: with Needs and Reporting paused (SIGSTOP), {drained:N0} households were registered (sync, batches of 50, 8 clients); once resumed, both had taken all their events in {drainSeconds:N1} s: **{eventsPerSecond:N0} household events/s** each, {100 * eventsPerSecond / Ceilings.EventsPerSecond:N0} % of the broker's ceiling ({Ceilings.EventsPerSecond:N0}/s). Registration's own duplicate finder consumes the same events and is not counted here.

            """ + (system.Options.PipelineOnly ? "" : $"\n\nAt the fastest ingest row: {Fastest ?? "Needs and Reporting did not catch up"}.");
        report.Section("Pipeline", text);
        var p99 = Math.Max(needsLag.At(0.99), reportingLag.At(0.99));
        report.Target($"Lag p99 under 5 s at {(system.Options.PipelineOnly ? $"{rate:N0} households/s" : "half the fastest ingest rate")}", $"{p99 / 1000:N1} s (Needs {needsLag.At(0.99) / 1000:N1} s, Reporting {reportingLag.At(0.99) / 1000:N1} s)", p99 < 5000);
        var share = eventsPerSecond / Ceilings.EventsPerSecond;
        report.Target("Event pipeline at least 50 % of the broker's ceiling", $"{100 * share:N0} %", share >= 0.5);
        if (system.Options.PipelineOnly) return;
        report.Target("No backlog at the fastest sustained ingest", $"{BacklogAtFastest:N0} events waiting at the fastest row's last answer", BacklogAtFastest <= 2 * Batch * 16);
    }

    /// <summary>What Needs and Reporting can take, apart from what ingest can give them: a backlog made while they are paused, then drained.</summary>
    private static async Task<(int Households, double Seconds, double EventsPerSecond)> CapacityAsync(BenchSystem system)
    {
        var before = await system.CountsAsync();
        var pids = system.ServicePids();
        int[] paused = [pids["Needs"], pids["Reporting"]];
        var random = await system.NewFamiliesAsync(11);
        var households = 0;
        try
        {
            foreach (var pid in paused) Signal(pid, "STOP");
            var until = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (until.Elapsed < TimeSpan.FromSeconds(system.Options.Seconds))
                {
                    var (stored, _) = await Ingest.SyncAsync(system, Ingest.Batch(random, system.Centres, Batch));
                    Interlocked.Add(ref households, stored);
                }
            }));
            // Registration's outbox hands the last events to the broker within a moment of the last answer.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            foreach (var pid in paused) Signal(pid, "CONT");
        }
        var watch = Stopwatch.StartNew();
        await Ingest.CatchUpAsync(system, before.Needs + households, before.Reporting + households);
        var seconds = watch.Elapsed.TotalSeconds;
        return (households, seconds, households / seconds);
    }

    private static void Signal(int pid, string signal) => Process.Start("kill", [$"-{signal}", pid.ToString()])!.WaitForExit();
}
