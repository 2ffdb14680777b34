using System.Diagnostics;
using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// One trial: fresh centres, the workload running, a fault injected mid-load and healed, then the workload stopped and
/// the checker run. Prints the fault's timeline, so a run's figures can be read from the test log.
/// </summary>
public sealed class FaultRun(SystemFixture system, ITestOutputHelper output)
{
    /// <summary>How long after a fault heals clients may still see errors: a service back on its feet, pools reconnecting.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    public Workload Workload { get; private set; } = null!;
    public List<Guid> Centres { get; } = [];
    public double FaultAt { get; private set; }
    public double HealedAt { get; private set; }

    /// <summary>
    /// Runs the workload, waits until <paramref name="before"/> households are in, runs <paramref name="fault"/>
    /// (which injects the fault, waits, and heals it), goes on for a few seconds, stops and checks.
    /// </summary>
    public async Task TrialAsync(string name, Func<FaultRun, Task> fault, int before = 60, params string[] expectedSetAside)
    {
        for (var i = 0; i < 2; i++) Centres.Add(await system.Gateway.CreateCenterAsync($"{name} {i + 1}"));
        // Distributions name the centre: Needs hears of it first.
        foreach (var centre in Centres)
        {
            await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centre}") is not null,
                TimeSpan.FromSeconds(30), "Needs to know the trial's centres");
        }
        using var client = await system.Accounts.ClientAsync(roles: ["coordinator"], areas: ["SY08"]);
        Workload = new Workload(client, Centres);
        var running = Workload.RunAsync();
        int afterHeal;
        try
        {
            await Workload.WaitForAsync(before, TimeSpan.FromSeconds(60));
            FaultAt = Workload.Now;
            await fault(this);
            HealedAt = Workload.Now;
            afterHeal = Workload.Done;
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            // Also when the trial failed: clients left running would load the next trial.
            await Workload.StopAsync();
        }
        await running;
        var lastErrorAfterHeal = Checker.AssertErrorsOnlyDuring(Workload, FaultAt, HealedAt, RecoveryBound);
        output.WriteLine($"{name}: fault at {FaultAt:0.0} s, healed at {HealedAt:0.0} s; {Workload.Done} households acknowledged "
            + $"({afterHeal} by the heal); {Workload.Failures.Count} failed attempts ({string.Join(", ", Workload.Failures.GroupBy(f => f.What).Select(g => $"{g.Count()} {g.Key}"))}); "
            + $"last error {lastErrorAfterHeal:0.0} s after the heal");

        var quiet = Stopwatch.StartNew();
        await Checker.AssertKeptItsPromiseAsync(system, Workload, Centres, expectedSetAside);
        output.WriteLine($"{name}: figures equal the register and nothing in flight {quiet.Elapsed.TotalSeconds:0.0} s after the workload stopped");
    }

    /// <summary>Waits until every service answers ready again, and says how long that took from <paramref name="since"/>.</summary>
    public async Task<double> AllReadyAsync(double since)
    {
        await system.WaitUntilAllReadyAsync();
        var seconds = Workload.Now - since;
        output.WriteLine($"every service ready again {seconds:0.0} s after the server came back");
        return seconds;
    }

    public void Log(string line) => output.WriteLine($"{Workload.Now:0.0} s: {line}");
}
