namespace IdpTracker.Contracts.Registration;

/// <summary>A household's state as carried by HouseholdArrived and HouseholdUpdated, so consumers apply both the same way.</summary>
public sealed record HouseholdFacts(Guid HouseholdId, Guid CenterId, DateTimeOffset ArrivedAt, int Version, IReadOnlyList<ArrivedMember> Members)
{
    public DateOnly? DisplacedOn { get; init; }
    public int? PreviousDisplacements { get; init; }
    public string? Presence { get; init; }

    public static HouseholdFacts From(HouseholdArrived e) => new(e.HouseholdId, e.CenterId, e.ArrivedAt, e.Version, e.Members)
    {
        DisplacedOn = e.DisplacedOn, PreviousDisplacements = e.PreviousDisplacements, Presence = e.Presence,
    };

    public static HouseholdFacts From(HouseholdUpdated e) => new(e.HouseholdId, e.CenterId, e.ArrivedAt, e.Version, e.Members)
    {
        DisplacedOn = e.DisplacedOn, PreviousDisplacements = e.PreviousDisplacements, Presence = e.Presence,
    };
}
