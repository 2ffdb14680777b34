namespace IdpTracker.Contracts.Registration;

/// <summary>A reception centre's facts changed. Carries the whole new state, so a consumer that missed a change still ends up right.</summary>
public sealed record CenterUpdated(
    Guid CenterId,
    int Version,
    string Name,
    string? NameArabic,
    string Type,
    string Adm1Code,
    string Adm1Name,
    string Adm2Code,
    string Adm2Name,
    string? Adm3Code,
    string? Adm3Name,
    decimal FloorAreaM2,
    int NightCapacity,
    int? DayCapacity,
    bool Heated,
    bool Open,
    DateTimeOffset UpdatedAt)
{
    public int ToiletsFemale { get; init; }
    public int ToiletsMale { get; init; }
}
