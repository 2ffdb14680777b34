namespace IdpTracker.Contracts.Registration;

/// <summary>A centre's state as carried by CenterOpened and CenterUpdated, so consumers apply both the same way.</summary>
public sealed record CenterFacts(
    Guid CenterId, int Version, string Name, string? NameArabic, string Type,
    string Adm1Code, string Adm1Name, string Adm2Code, string Adm2Name, string? Adm3Code, string? Adm3Name,
    decimal FloorAreaM2, int NightCapacity, int? DayCapacity, bool Heated, bool Open, int ToiletsFemale, int ToiletsMale)
{
    public static CenterFacts From(CenterOpened e) => new(
        e.CenterId, e.Version, e.Name, e.NameArabic, e.Type, e.Adm1Code, e.Adm1Name, e.Adm2Code, e.Adm2Name,
        e.Adm3Code, e.Adm3Name, e.FloorAreaM2, e.NightCapacity, e.DayCapacity, e.Heated, Open: true, e.ToiletsFemale, e.ToiletsMale);

    public static CenterFacts From(CenterUpdated e) => new(
        e.CenterId, e.Version, e.Name, e.NameArabic, e.Type, e.Adm1Code, e.Adm1Name, e.Adm2Code, e.Adm2Name,
        e.Adm3Code, e.Adm3Name, e.FloorAreaM2, e.NightCapacity, e.DayCapacity, e.Heated, e.Open, e.ToiletsFemale, e.ToiletsMale);
}
