using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Counts a household's people by centre, sex, date of birth and specific needs, on arrival and on every correction.</summary>
public sealed class ProjectArrivalConsumer(ReportingDbContext db) : IConsumer<HouseholdArrived>, IConsumer<HouseholdUpdated>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) => Project(context, HouseholdFacts.From(context.Message));

    public Task Consume(ConsumeContext<HouseholdUpdated> context) => Project(context, HouseholdFacts.From(context.Message));

    private Task Project<T>(ConsumeContext<T> context, HouseholdFacts message) where T : class =>
        db.ApplyOnceAsync(context, nameof(ProjectArrivalConsumer), async () =>
        {
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == message.HouseholdId, context.CancellationToken);
            if (household is not null && household.SourceVersion >= message.Version) return;
            if (household is null)
            {
                household = new ProjectedHousehold { HouseholdId = message.HouseholdId, CenterId = message.CenterId, Present = true, PlaceVersion = 1 };
                db.Households.Add(household);
            }
            household.SourceVersion = message.Version;
            household.ArrivedAt = message.ArrivedAt;
            household.People = message.Members.Select(m => new ProjectedPerson { Sex = m.Sex, DateOfBirth = m.DateOfBirth, SpecificNeeds = m.SpecificNeeds.ToList() }).ToList();
        });
}
