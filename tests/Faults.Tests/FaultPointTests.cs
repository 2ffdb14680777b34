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
            await system.ArmAsync(service, point, waitUntilReady: false);
            await system.DiedAtAsync(service, point);
            run.Log($"{service} died {point}");
            await system.StartAgainUnarmedAsync(service);
            run.Log($"{service} started again without the fault point");
        });
    }
}
