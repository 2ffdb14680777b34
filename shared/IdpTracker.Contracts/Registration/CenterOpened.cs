namespace IdpTracker.Contracts.Registration;

/// <summary>A reception centre was registered. Centre facts only: a centre is a place, not a person.</summary>
public sealed record CenterOpened(
    Guid CenterId,
    string Name,
    string Adm1Code,
    string Adm1Name,
    string Adm2Code,
    string Adm2Name,
    decimal FloorAreaM2,
    int NightCapacity,
    DateTimeOffset OpenedAt);
