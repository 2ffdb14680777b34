using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>Assesses a household's winter needs with the current rule set, on arrival and on every correction.</summary>
public sealed class AssessHouseholdNeedsConsumer(NeedsDbContext db, RuleSet rules, TimeProvider clock, ILogger<AssessHouseholdNeedsConsumer> logger)
    : IConsumer<HouseholdArrived>, IConsumer<HouseholdUpdated>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) => Assess(context, HouseholdFacts.From(context.Message));

    public Task Consume(ConsumeContext<HouseholdUpdated> context) => Assess(context, HouseholdFacts.From(context.Message));

    private Task Assess<T>(ConsumeContext<T> context, HouseholdFacts message) where T : class =>
        db.ApplyOnceAsync(context, nameof(AssessHouseholdNeedsConsumer), async () =>
        {
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == message.HouseholdId, context.CancellationToken);
            // A late copy of an older version must not undo a newer assessment.
            if (household is not null && household.SourceVersion >= message.Version) return;
            if (household is null)
            {
                household = new HouseholdNeeds { HouseholdId = message.HouseholdId, CenterId = message.CenterId, Present = true, PlaceVersion = 1 };
                db.Households.Add(household);
            }

            // Where the household is follows its movements (HouseholdMoved), not its registration.
            var now = clock.GetUtcNow();
            household.SourceVersion = message.Version;
            household.Members = message.Members
                .Select(m => new AssessedMember { MemberId = m.MemberId, Sex = m.Sex, DateOfBirth = m.DateOfBirth, IsHead = m.IsHead, SpecificNeeds = m.SpecificNeeds.ToList() })
                .ToList();
            var people = household.Members.Select(m => new Person(m.Sex, m.DateOfBirth)).ToList();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            household.Apply(WinterizationRules.For(people, rules, today), now);
            household.Prioritise(await db.CenterForWeighingAsync(household.CenterId, context.CancellationToken), today);
            logger.LogInformation("Household {HouseholdId} assessed with rule set {RuleSetVersion}: {Blankets} blankets, {Mattresses} mattresses",
                household.HouseholdId, household.RuleSetVersion, household.Blankets, household.Mattresses);
        });
}
