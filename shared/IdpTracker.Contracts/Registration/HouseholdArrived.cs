namespace IdpTracker.Contracts.Registration;

/// <summary>
/// A household was registered on arrival at a reception centre.
/// Carries what Needs and Reporting compute from and nothing that names a person.
/// </summary>
public sealed record HouseholdArrived(
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

/// <param name="Sex">"female", "male" or "unknown".</param>
/// <param name="DateOfBirth">Exact or estimated; <paramref name="DateOfBirthEstimated"/> says which.</param>
public sealed record ArrivedMember(
    Guid MemberId,
    string Sex,
    DateOnly DateOfBirth,
    bool DateOfBirthEstimated,
    bool IsHead)
{
    /// <summary>Specific-needs codes (e.g. "UAC", "WG-WALKING"). "PRO" is restricted: never in an aggregate below area level.</summary>
    public IReadOnlyList<string> SpecificNeeds { get; init; } = [];
}
