using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>
/// Counts households' people by centre, sex, date of birth and specific needs, on arrival and on every correction;
/// events are taken in batches (<see cref="Batching"/>).
/// </summary>
public sealed class ProjectArrivalConsumer(ReportingDbContext db) : IConsumer<Batch<HouseholdArrived>>, IConsumer<Batch<HouseholdUpdated>>
{
    public Task Consume(ConsumeContext<Batch<HouseholdArrived>> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectArrivalConsumer), messages => ProjectAsync(messages.Select(m => HouseholdFacts.From(m.Message)), context.CancellationToken));

    public Task Consume(ConsumeContext<Batch<HouseholdUpdated>> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectArrivalConsumer), messages => ProjectAsync(messages.Select(m => HouseholdFacts.From(m.Message)), context.CancellationToken));

    /// <summary>
    /// Projects these households, adding those not seen before; the caller saves (the counts follow in the same save).
    /// Also what a register loaded in bulk is projected with (benchmarks/Bench).
    /// </summary>
    public async Task ProjectAsync(IEnumerable<HouseholdFacts> messages, CancellationToken cancellationToken)
    {
        var facts = messages.ToList();
        var ids = facts.Select(f => f.HouseholdId).Distinct().ToList();
        var households = await db.Households.Where(h => ids.Contains(h.HouseholdId)).ToDictionaryAsync(h => h.HouseholdId, cancellationToken);
        foreach (var message in facts)
        {
            households.TryGetValue(message.HouseholdId, out var household);
            if (household is not null && household.SourceVersion >= message.Version) continue;
            if (household is null)
            {
                household = households[message.HouseholdId] = new ProjectedHousehold { HouseholdId = message.HouseholdId, CenterId = message.CenterId, Present = true, PlaceVersion = 1 };
                db.Households.Add(household);
            }
            household.SourceVersion = message.Version;
            household.ArrivedAt = message.ArrivedAt;
            household.People = message.Members.Select(m => new ProjectedPerson { Sex = m.Sex, DateOfBirth = m.DateOfBirth, SpecificNeeds = m.SpecificNeeds.ToList() }).ToList();
        }
    }
}
