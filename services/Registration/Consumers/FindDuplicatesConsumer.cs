using IdpTracker.Contracts.Registration;
using IdpTracker.Registration.Application;
using MassTransit;

namespace IdpTracker.Registration.Consumers;

/// <summary>
/// Looks for possible duplicates of a household after it is registered or corrected, off the
/// registration's path: a field worker or an import never waits for it, and a failure here never
/// undoes a registration. Finding is idempotent, so a redelivered event changes nothing.
/// </summary>
public sealed class FindDuplicatesConsumer(DuplicateFinder finder, RegistrationActivity activity, DuplicateMatching matching, ILogger<FindDuplicatesConsumer> logger)
    : IConsumer<HouseholdArrived>, IConsumer<HouseholdUpdated>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) => Find(context.Message.HouseholdId, context.CancellationToken);

    public Task Consume(ConsumeContext<HouseholdUpdated> context) => Find(context.Message.HouseholdId, context.CancellationToken);

    private async Task Find(Guid householdId, CancellationToken cancellationToken)
    {
        await activity.WaitForQuietAsync(RegistrationActivity.MostWait, cancellationToken);
        int found;
        using (matching.Begin()) found = await finder.FindForAsync(householdId, cancellationToken);
        if (found > 0) logger.LogInformation("Household {HouseholdId} may duplicate {Count} other household(s); queued for review", householdId, found);
    }
}
