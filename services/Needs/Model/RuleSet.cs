namespace IdpTracker.Needs.Model;

/// <summary>
/// The numbers every needs evaluation uses. Defaults come from Sphere / UNHCR guidance for north-east Syria
/// (docs/domain.md); coordinators publish new versions (<see cref="PublishedRuleSet"/>), so they are data, never
/// constants in rules.
/// </summary>
public sealed record RuleSet
{
    /// <summary>Set when published ("v1", "v2"...); "default-1" until the first publication.</summary>
    public string Version { get; init; } = "default-1";

    /// <summary>Covered living space per person, m².</summary>
    public decimal MinSpacePerPersonM2 { get; init; } = 3.5m;
    /// <summary>Where people spend the day indoors and cook inside (Sphere: 4.5 to 5.5).</summary>
    public decimal ColdClimateMinSpacePerPersonM2 { get; init; } = 4.5m;
    /// <summary>North-east Syria in winter counts as cold.</summary>
    public bool ColdClimate { get; init; } = true;
    /// <summary>Night and day occupancy warn at this share of capacity, and are critical at 100 %. Never a refusal.</summary>
    public int CapacityWarningPercent { get; init; } = 90;

    /// <summary>At most this many people per toilet in the first days of an emergency: beyond it a centre is critical.</summary>
    public int MaxPeoplePerToiletFirstDays { get; init; } = 50;
    /// <summary>The standard to reach as soon as possible: beyond it a centre is in warning.</summary>
    public int MaxPeoplePerToilet { get; init; } = 20;
    /// <summary>Female to male toilets, 3:1.</summary>
    public int FemaleToiletsPerMaleToilet { get; init; } = 3;
    public int WaterLitresPerPersonPerDay { get; init; } = 15;

    /// <summary>Winterization season, September to March (inclusive; the range may wrap over the new year).</summary>
    public int SeasonStartMonth { get; init; } = 9;
    public int SeasonEndMonth { get; init; } = 3;
    /// <summary>Areas (adm1 or adm2 code) whose winter differs; the most precise code a centre matches wins.</summary>
    public IReadOnlyList<AreaSeason> AreaSeasons { get; init; } = [];
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

    public PriorityWeights Priority { get; init; } = new();
    /// <summary>Displaced within this many days counts as newly displaced.</summary>
    public int NewlyDisplacedDays { get; init; } = 30;

    /// <summary>
    /// Households at or above this priority score are the ones the response targets (0: everyone in need). Lowered
    /// or raised when supplies are short; the needs summary counts "targeted" with it.
    /// </summary>
    public int TargetMinPriority { get; init; }

    public static RuleSet Default { get; } = new();

    /// <summary>The season of the most precise area given (adm2 before adm1), or the general one.</summary>
    public (int StartMonth, int EndMonth, string? Area) SeasonFor(params string?[] areaCodes)
    {
        var own = AreaSeasons.Where(s => areaCodes.Contains(s.Area, StringComparer.OrdinalIgnoreCase)).MaxBy(s => s.Area.Length);
        return own is null ? (SeasonStartMonth, SeasonEndMonth, null) : (own.StartMonth, own.EndMonth, own.Area);
    }

    public bool InSeason(DateOnly date, params string?[] areaCodes)
    {
        var (start, end, _) = SeasonFor(areaCodes);
        return InSeason(date.Month, start, end);
    }

    public static bool InSeason(int month, int startMonth, int endMonth) => startMonth <= endMonth
        ? month >= startMonth && month <= endMonth
        : month >= startMonth || month <= endMonth;
}

/// <summary>A winter season of its own for an area, e.g. the mountains, where it starts in October.</summary>
public sealed record AreaSeason(string Area, int StartMonth, int EndMonth);

/// <summary>
/// The priority criteria of docs/domain.md, highest first, as weights that add up to a household's score. A cold-weather
/// alert adds its weight to households in exposed or unheated shelter in the alert's area.
/// </summary>
public sealed record PriorityWeights
{
    /// <summary>Centre types counted as tents, makeshift or unfinished shelter.</summary>
    public IReadOnlyList<string> ExposedShelterTypes { get; init; } = ["tentSite", "unfinishedBuilding"];
    public int ExposedShelter { get; init; } = 50;
    public int UnheatedShelter { get; init; } = 40;
    public int ColdAlert { get; init; } = 30;
    public int ChildUnder2 { get; init; } = 35;
    public int ChildUnder5 { get; init; } = 30;
    public int ChildHeaded { get; init; } = 30;
    public int FemaleHeaded { get; init; } = 25;
    public int OlderPerson { get; init; } = 20;
    public int DisabilityOrMedical { get; init; } = 15;
    public int NewlyDisplaced { get; init; } = 10;
    public int RepeatedlyDisplaced { get; init; } = 10;
}
