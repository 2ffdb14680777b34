using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Counts an arriving household's people by centre, sex and date of birth.</summary>
public sealed class ProjectArrivalConsumer(ReportingDbContext db) : IConsumer<HouseholdArrived>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectArrivalConsumer), async () =>
        {
            var message = context.Message;
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == message.HouseholdId, context.CancellationToken);
            if (household is not null && household.SourceVersion >= message.Version) return;
            if (household is null)
            {
                household = new ProjectedHousehold { HouseholdId = message.HouseholdId };
                db.Households.Add(household);
            }
            household.CenterId = message.CenterId;
            household.SourceVersion = message.Version;
            household.ArrivedAt = message.ArrivedAt;
            household.People = message.Members.Select(m => new ProjectedPerson { Sex = m.Sex, DateOfBirth = m.DateOfBirth }).ToList();
        });
}
