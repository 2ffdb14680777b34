namespace IdpTracker.Contracts.Registration;

/// <summary>
/// A household's registration was corrected or completed. Carries the whole new state and its
/// version, so a consumer applies it the same way whether or not it saw the versions before.
/// </summary>
public sealed record HouseholdUpdated(
    Guid HouseholdId,
    Guid CenterId,
    DateTimeOffset ArrivedAt,
    int Version,
    IReadOnlyList<ArrivedMember> Members)
{
    /// <summary>When the household was displaced, if the family said; priority rules weigh the newly displaced.</summary>
    public DateOnly? DisplacedOn { get; init; }

    /// <summary>How many times the family was displaced before this displacement, as it said (null: not asked); priority rules weigh the repeatedly displaced.</summary>
    public int? PreviousDisplacements { get; init; }

    /// <summary>When the family is at the centre: "dayAndNight" (also when absent), "nightOnly" or "dayOnly".</summary>
    public string? Presence { get; init; }
}
