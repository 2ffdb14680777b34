namespace IdpTracker.Contracts.Registration;

/// <summary>A coordinator confirmed two registrations are one family. The merged one stops counting; both histories are kept.</summary>
public sealed record HouseholdMerged(Guid MergedHouseholdId, Guid KeptHouseholdId, DateTimeOffset MergedAt)
{
    /// <summary>When each registration arrived: two arrivals far apart are two displacements of one family.</summary>
    public DateTimeOffset? MergedArrivedAt { get; init; }
    public DateTimeOffset? KeptArrivedAt { get; init; }
}
