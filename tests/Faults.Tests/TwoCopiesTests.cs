using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// Two copies of every service: two outbox dispatchers on one outbox, competing consumers on one queue, two report
/// schedulers and every periodic job twice. One copy is killed mid-load; the other carries on.
/// </summary>
[Collection(nameof(TwoCopiesCollection))]
public sealed class TwoCopiesTests(TwoCopiesOfEverySystem system, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Registration")]
    [InlineData("Needs")]
    [InlineData("Reporting")]
    [InlineData("Identity")]
    public async Task One_copy_killed_mid_load_the_other_carries_on_and_nothing_is_lost_or_counted_twice(string service)
    {
        await new FaultRun(system, output).TrialAsync($"one {service} of two killed", async run =>
        {
            await system.KillAsync($"{service}-2");
            run.Log($"{service}-2 killed; {service} carries on");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await system.StartAgainAsync($"{service}-2");
            run.Log($"{service}-2 ready again");
        });
    }
}
