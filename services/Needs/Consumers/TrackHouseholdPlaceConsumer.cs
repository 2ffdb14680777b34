using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>
/// Follows where a household is, so a departed household stops counting for its centre and a household that moves
/// is weighed in its new shelter (another can be colder, or a tent).
/// </summary>
public sealed class TrackHouseholdPlaceConsumer(NeedsDbContext db, RuleSet defaults, TimeProvider clock) : IConsumer<HouseholdMoved>, IConsumer<HouseholdMerged>
{
    public Task Consume(ConsumeContext<HouseholdMoved> context) =>
        db.ApplyOnceAsync(context, nameof(TrackHouseholdPlaceConsumer), async () =>
        {
            var household = await FindOrStartAsync(context.Message.HouseholdId, context.CancellationToken);
            if (!household.Record(context.Message)) return;
            await db.ReassessAsync(household, defaults, clock.GetUtcNow(), context.CancellationToken);
        });

    /// <summary>
    /// A household merged into another stops counting; the kept one already counts its people. Two registrations that
    /// arrived far apart are two displacements of one family: the kept one is then weighed as repeatedly displaced
    /// (docs/domain.md, "Priority").
    /// </summary>
    public Task Consume(ConsumeContext<HouseholdMerged> context) =>
        db.ApplyOnceAsync(context, nameof(TrackHouseholdPlaceConsumer), async () =>
        {
            var merged = await FindOrStartAsync(context.Message.MergedHouseholdId, context.CancellationToken);
            merged.Merged = true;
            var kept = await FindOrStartAsync(context.Message.KeptHouseholdId, context.CancellationToken);
            var rules = await db.CurrentRulesAsync(defaults, context.CancellationToken);
            // The merged registration's own earlier registrations are the family's too.
            var earlier = Displacements.EarlierRegistrationsFound(context.Message.MergedArrivedAt, context.Message.KeptArrivedAt, rules) + merged.EarlierRegistrations;
            if (earlier == 0) return;
            kept.EarlierRegistrations += earlier;
            if (kept.SourceVersion > 0) await db.ReassessAsync(kept, defaults, clock.GetUtcNow(), context.CancellationToken);
        });

    /// <summary>An event can overtake the arrival: the household is started, and the arrival fills in the people.</summary>
    private async Task<HouseholdNeeds> FindOrStartAsync(Guid householdId, CancellationToken cancellationToken)
    {
        var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == householdId, cancellationToken);
        if (household is not null) return household;
        household = new HouseholdNeeds { HouseholdId = householdId };
        db.Households.Add(household);
        return household;
    }
}
