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
    DateTimeOffset OpenedAt)
{
    public string? NameArabic { get; init; }
    /// <summary>"school", "mosque", "tentSite", "publicBuilding", "unfinishedBuilding", "collectiveShelter" or "other".</summary>
    public string Type { get; init; } = "other";
    public string? Adm3Code { get; init; }
    public string? Adm3Name { get; init; }
    public int? DayCapacity { get; init; }
    public bool Heated { get; init; }
    public int ToiletsFemale { get; init; }
    public int ToiletsMale { get; init; }
    public int Version { get; init; } = 1;
}
