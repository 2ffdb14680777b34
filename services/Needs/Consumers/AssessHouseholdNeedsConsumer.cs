using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>
/// Assesses households' winter needs and priority with the current rule set, on arrival and on every correction.
/// Events are taken in batches (<see cref="Batching"/>): a surge of registrations costs one transaction per batch.
/// </summary>
public sealed class AssessHouseholdNeedsConsumer(NeedsDbContext db, RuleSet defaults, TimeProvider clock, ILogger<AssessHouseholdNeedsConsumer> logger)
    : IConsumer<Batch<HouseholdArrived>>, IConsumer<Batch<HouseholdUpdated>>
{
    public Task Consume(ConsumeContext<Batch<HouseholdArrived>> context) =>
        db.ApplyOnceAsync(context, nameof(AssessHouseholdNeedsConsumer), messages => AssessAsync(messages.Select(m => HouseholdFacts.From(m.Message)), context.CancellationToken));

    public Task Consume(ConsumeContext<Batch<HouseholdUpdated>> context) =>
        db.ApplyOnceAsync(context, nameof(AssessHouseholdNeedsConsumer), messages => AssessAsync(messages.Select(m => HouseholdFacts.From(m.Message)), context.CancellationToken));

    /// <summary>
    /// Assesses these households, adding those not seen before; the caller saves. Also what a register loaded in bulk
    /// is assessed with (benchmarks/Bench), so its needs and tallies are the ones the events would have made.
    /// </summary>
    public async Task AssessAsync(IEnumerable<HouseholdFacts> messages, CancellationToken cancellationToken)
    {
        var facts = messages.ToList();
        var ids = facts.Select(f => f.HouseholdId).Distinct().ToList();
        var households = await db.Households.Where(h => ids.Contains(h.HouseholdId)).ToDictionaryAsync(h => h.HouseholdId, cancellationToken);
        var changed = new HashSet<HouseholdNeeds>();
        foreach (var message in facts)
        {
            if (!households.TryGetValue(message.HouseholdId, out var household))
            {
                household = households[message.HouseholdId] = new HouseholdNeeds { HouseholdId = message.HouseholdId };
                db.Households.Add(household);
            }
            if (household.Record(message)) changed.Add(household);
        }
        if (changed.Count == 0) return;
        await db.ReassessAsync(changed, defaults, clock.GetUtcNow(), cancellationToken);
        // One line a batch: a line a household was most of this service's log (about 500 bytes each, 700 MB for a
        // register of 1.5 million). Each household's assessment, with its rule set and reasons, is in its record
        // (GET /api/needs/households/{id}); the line a household is kept at Debug for tracing a rule.
        logger.LogInformation("{Count} household(s) assessed with rule set {RuleSetVersion}", changed.Count, changed.First().RuleSetVersion);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var household in changed)
            {
                logger.LogDebug("Household {HouseholdId} assessed with rule set {RuleSetVersion}: {Blankets} blankets, {Mattresses} mattresses, priority {PriorityScore}",
                    household.HouseholdId, household.RuleSetVersion, household.Blankets, household.Mattresses, household.PriorityScore);
            }
        }
    }
}
