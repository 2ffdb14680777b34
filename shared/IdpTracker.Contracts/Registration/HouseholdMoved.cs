namespace IdpTracker.Contracts.Registration;

/// <summary>
/// A movement was recorded and the household's place follows from all its movements in time order.
/// Carries the resulting place with a version, so a consumer keeps the newest whatever order events arrive in.
/// </summary>
/// <param name="Kind">"arrival", "transfer", "departure" or "followUp".</param>
/// <param name="Status">"present" (at <paramref name="CurrentCenterId"/>) or "departed".</param>
/// <param name="Destination">For a departed household: "hostFamily", "returnedHome", "other" or "unknown".</param>
public sealed record HouseholdMoved(
    Guid HouseholdId,
    Guid MovementId,
    string Kind,
    DateTimeOffset OccurredAt,
    string Status,
    Guid? CurrentCenterId,
    string? Destination,
    int PlaceVersion)
{
    /// <summary>The centre the household is in, or the last one it left (set on departures too).</summary>
    public Guid? LastCenterId { get; init; }
}

/// <summary>A household left 5 or more days ago and nobody has followed up since: it needs a visit, not to be forgotten.</summary>
public sealed record HouseholdOverdue(Guid HouseholdId, DateTimeOffset DepartedAt, string? Destination, DateTimeOffset MarkedAt);
