namespace IdpTracker.Contracts.Needs;

/// <summary>
/// Items were handed out: to a household (HouseholdId set) or to a centre as a whole. Item codes:
/// blanket, mattress, clothingSet, heater, fuelLitre. Ids and quantities only.
/// </summary>
public sealed record DistributionRecorded(Guid DistributionId, string Item, int Quantity, Guid? HouseholdId, Guid CenterId, DateOnly DeliveredOn, DateTimeOffset RecordedAt);
