using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Consumers;

/// <summary>Follows where a household is: in a centre, or gone to a host family, home or elsewhere.</summary>
public sealed class ProjectHouseholdPlaceConsumer(ReportingDbContext db) : IConsumer<HouseholdMoved>, IConsumer<HouseholdMerged>
{
    public Task Consume(ConsumeContext<HouseholdMoved> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectHouseholdPlaceConsumer), async () =>
        {
            var moved = context.Message;
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == moved.HouseholdId, context.CancellationToken);
            if (household is null)
            {
                household = new ProjectedHousehold { HouseholdId = moved.HouseholdId };
                db.Households.Add(household);
            }
            if (household.PlaceVersion >= moved.PlaceVersion) return;
            household.PlaceVersion = moved.PlaceVersion;
            household.Present = moved.Status == "present";
            household.Destination = moved.Destination;
            household.PlaceChangedAt = moved.OccurredAt;
            // A departed household is counted (with a host family, returned...) in the scope of the centre it left.
            if ((moved.CurrentCenterId ?? moved.LastCenterId) is { } centerId) household.CenterId = centerId;
        });

    /// <summary>A household merged into another stops counting; the kept one already counts its people.</summary>
    public Task Consume(ConsumeContext<HouseholdMerged> context) =>
        db.ApplyOnceAsync(context, nameof(ProjectHouseholdPlaceConsumer), async () =>
        {
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == context.Message.MergedHouseholdId, context.CancellationToken);
            if (household is null)
            {
                household = new ProjectedHousehold { HouseholdId = context.Message.MergedHouseholdId };
                db.Households.Add(household);
            }
            household.Merged = true;
        });
}
