using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>Assesses a household's winter needs and priority with the current rule set, on arrival and on every correction.</summary>
public sealed class AssessHouseholdNeedsConsumer(NeedsDbContext db, RuleSet defaults, TimeProvider clock, ILogger<AssessHouseholdNeedsConsumer> logger)
    : IConsumer<HouseholdArrived>, IConsumer<HouseholdUpdated>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) => Assess(context, HouseholdFacts.From(context.Message));

    public Task Consume(ConsumeContext<HouseholdUpdated> context) => Assess(context, HouseholdFacts.From(context.Message));

    private Task Assess<T>(ConsumeContext<T> context, HouseholdFacts message) where T : class =>
        db.ApplyOnceAsync(context, nameof(AssessHouseholdNeedsConsumer), async () =>
        {
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == message.HouseholdId, context.CancellationToken);
            if (household is null)
            {
                household = new HouseholdNeeds { HouseholdId = message.HouseholdId };
                db.Households.Add(household);
            }
            if (!household.Record(message)) return;
            await db.ReassessAsync(household, defaults, clock.GetUtcNow(), context.CancellationToken);
            logger.LogInformation("Household {HouseholdId} assessed with rule set {RuleSetVersion}: {Blankets} blankets, {Mattresses} mattresses, priority {PriorityScore}",
                household.HouseholdId, household.RuleSetVersion, household.Blankets, household.Mattresses, household.PriorityScore);
        });
}
