namespace IdpTracker.Needs.Model;

/// <summary>
/// The numbers every needs evaluation uses. Defaults come from Sphere / UNHCR guidance for
/// north-east Syria; a coordinator can change them, so they are data, never constants in rules.
/// </summary>
public sealed record RuleSet
{
    public string Version { get; init; } = "default-1";

    /// <summary>Covered living space per person, m².</summary>
    public decimal MinSpacePerPersonM2 { get; init; } = 3.5m;
    /// <summary>Where people spend the day indoors and cook inside.</summary>
    public decimal ColdClimateMinSpacePerPersonM2 { get; init; } = 4.5m;
    /// <summary>North-east Syria in winter counts as cold.</summary>
    public bool ColdClimate { get; init; } = true;
    public int CapacityWarningPercent { get; init; } = 90;

    /// <summary>Winterization season, September to March (inclusive; the range may wrap over the new year).</summary>
    public int SeasonStartMonth { get; init; } = 9;
    public int SeasonEndMonth { get; init; } = 3;
    public int BlanketsPerPerson { get; init; } = 1;
    public int ExtraBlanketsPerChildUnder2 { get; init; } = 1;
    public int ExtraBlanketsPerOlderPerson { get; init; } = 1;
    public int OlderPersonAge { get; init; } = 60;
    public int MattressesPerPerson { get; init; } = 1;
    /// <summary>Two full sets per person, one of them winter clothing.</summary>
    public int ClothingSetsPerPerson { get; init; } = 2;
    public int HeatersPerHousehold { get; init; } = 1;
    public int FuelLitresPerHouseholdPerMonth { get; init; } = 100;
    public int FuelMonths { get; init; } = 4;

    public static RuleSet Default { get; } = new();

    public bool InSeason(DateOnly date) => SeasonStartMonth <= SeasonEndMonth
        ? date.Month >= SeasonStartMonth && date.Month <= SeasonEndMonth
        : date.Month >= SeasonStartMonth || date.Month <= SeasonEndMonth;
}
