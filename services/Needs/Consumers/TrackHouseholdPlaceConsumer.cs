using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Consumers;

/// <summary>Follows where a household is, so a departed household stops counting for its centre.</summary>
public sealed class TrackHouseholdPlaceConsumer(NeedsDbContext db, TimeProvider clock) : IConsumer<HouseholdMoved>, IConsumer<HouseholdMerged>
{
    public Task Consume(ConsumeContext<HouseholdMoved> context) =>
        db.ApplyOnceAsync(context, nameof(TrackHouseholdPlaceConsumer), async () =>
        {
            var moved = context.Message;
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == moved.HouseholdId, context.CancellationToken);
            if (household is null)
            {
                // The movement overtook the arrival: keep the place; the arrival fills in the people.
                household = new HouseholdNeeds { HouseholdId = moved.HouseholdId };
                db.Households.Add(household);
            }
            if (household.PlaceVersion >= moved.PlaceVersion) return;
            household.PlaceVersion = moved.PlaceVersion;
            household.Present = moved.Status == "present";
            if (moved.CurrentCenterId is { } centerId && centerId != household.CenterId)
            {
                // Another shelter can be colder, or a tent.
                household.CenterId = centerId;
                household.Prioritise(await db.CenterForWeighingAsync(centerId, context.CancellationToken),
                    DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            }
        });

    /// <summary>A household merged into another stops counting; the kept one already counts its people.</summary>
    public Task Consume(ConsumeContext<HouseholdMerged> context) =>
        db.ApplyOnceAsync(context, nameof(TrackHouseholdPlaceConsumer), async () =>
        {
            var household = await db.Households.FirstOrDefaultAsync(h => h.HouseholdId == context.Message.MergedHouseholdId, context.CancellationToken);
            if (household is null)
            {
                household = new HouseholdNeeds { HouseholdId = context.Message.MergedHouseholdId };
                db.Households.Add(household);
            }
            household.Merged = true;
        });
}
