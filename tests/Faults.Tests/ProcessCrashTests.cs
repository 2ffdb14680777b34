using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>kill -9 of the process field workers talk to while they register families (docs/reliability.md).</summary>
[Collection(nameof(FaultCollection))]
public sealed class ProcessCrashTests(FaultSystem system, ITestOutputHelper output)
{
    // Needs and Reporting are killed at their most delicate moment in FaultPointTests, Identity as one of two copies in
    // TwoCopiesTests.
    [Theory]
    [InlineData("Registration")]
    [InlineData("Gateway")]
    public async Task A_service_killed_mid_load_and_started_again_loses_nothing_and_counts_nothing_twice(string service)
    {
        await new FaultRun(system, output).TrialAsync($"{service} killed", async run =>
        {
            await system.KillAsync(service);
            run.Log($"{service} killed");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await system.StartAgainAsync(service);
            run.Log($"{service} ready again");
        });
    }
}
