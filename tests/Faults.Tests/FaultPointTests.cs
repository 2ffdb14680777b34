using IdpTracker.EndToEnd.Tests;
using IdpTracker.Messaging;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// A crash at the two moments the outbox and the inbox exist for: after the broker confirmed events and before the
/// outbox rows are deleted (they are published again), and after a consumer committed and before it acknowledged
/// (the messages are delivered again). Either way each event takes effect once.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class FaultPointTests(FaultSystem system, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Registration", FaultPoint.AfterPublishBeforeDelete)]
    [InlineData("Needs", FaultPoint.AfterCommitBeforeAck)]
    [InlineData("Reporting", FaultPoint.AfterCommitBeforeAck)]
    public async Task A_service_dying_exactly_between_two_steps_mid_load_loses_nothing_and_applies_nothing_twice(string service, string point)
    {
        await new FaultRun(system, output).TrialAsync($"{service} dies {point}", async run =>
        {
            await system.KillAsync(service);
            await system.StartAgainAsync(service, new() { ["Faults__Point"] = point }, waitUntilReady: false);
            await Eventually.True(() => Task.FromResult(system.Services[service].HasExited), TimeSpan.FromSeconds(90), $"{service} to die {point}");
            Assert.Contains(system.Services[service].Output, line => line.Contains($"Fault point {point} reached"));
            run.Log($"{service} died {point}");
            await system.KillAsync(service);
            await system.StartAgainAsync(service);
            run.Log($"{service} started again without the fault point");
        });
    }
}
