using IdpTracker.Contracts.Needs;
using IdpTracker.Domain;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// Exact counts a report is built from, for its scope as of its occurrence. Never leaves the service unsuppressed.
/// Stored with the report, so the next report of the subscription can say what changed.
/// </summary>
public sealed class ReportFigures
{
    public DateOnly AsOf { get; set; }
    /// <summary>The previous report's occurrence (or the schedule's previous time for a first report): "new arrivals since".</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>In collective centres now.</summary>
    public int Households { get; set; }
    public int People { get; set; }
    public int Female { get; set; }
    public int Male { get; set; }
    public int UnknownSex { get; set; }
    public List<BracketFigure> ByAgeBracket { get; set; } = [];

    public PlaceFigure WithHostFamilies { get; set; } = new(0, 0);
    /// <summary>Left a centre for somewhere else, or nobody knows where: still displaced.</summary>
    public PlaceFigure Elsewhere { get; set; } = new(0, 0);
    public PlaceFigure ReturnedHome { get; set; } = new(0, 0);
    public PlaceFigure NewArrivals { get; set; } = new(0, 0);
    /// <summary>Arrivals per local day of the period since the last report (its last 14 days at most).</summary>
    public List<DayFigure> ArrivalsPerDay { get; set; } = [];

    public List<CenterFigure> Centers { get; set; } = [];
    /// <summary>Needs' figures for the centres it has summarized so far; empty until it has summarized one.</summary>
    public List<SectorFigure> Sectors { get; set; } = [];
    public int CentresWithNeeds { get; set; }
    public List<ProtectionFigure> Protection { get; set; } = [];

    /// <summary>
    /// The key figures as the report showed them (null where withheld), kept so the next report's change column
    /// compares with what readers saw, whatever suppression would make of these counts today.
    /// </summary>
    public Dictionary<string, int?>? Shown { get; set; }

    public int DisplacedHouseholds => Households + WithHostFamilies.Households + Elsewhere.Households;
    public int DisplacedPeople => People + WithHostFamilies.People + Elsewhere.People;

    public const int MaxChartDays = 14;

    /// <param name="households">Every household of the scope registered by the occurrence, wherever it is now (merged ones left out).</param>
    /// <param name="needs">Needs' latest summary per centre.</param>
    /// <param name="zone">The subscription's time zone: days are its local days.</param>
    /// <param name="wholeGovernorates">Governorates (adm1 codes) the scope covers whole: the only ones protection figures are given for.</param>
    public static ReportFigures From(IReadOnlyCollection<ProjectedHousehold> households, IReadOnlyCollection<ProjectedCenter> centers,
        IReadOnlyDictionary<Guid, CenterNeedsSummarized> needs, DateTimeOffset occurrence, DateTimeOffset? since, TimeZoneInfo zone,
        IReadOnlySet<string> wholeGovernorates)
    {
        DateOnly LocalDay(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);
        var asOf = LocalDay(occurrence);
        var present = households.Where(h => h.Present).ToList();
        var presentByCentre = present.ToLookup(h => h.CenterId);
        var people = present.SelectMany(h => h.People).ToList();
        var departed = households.Where(h => !h.Present).ToLookup(h => h.Destination switch
        {
            "hostFamily" => "hostFamily",
            "returnedHome" => "returnedHome",
            _ => "elsewhere",
        });
        var arrivals = households.Where(h => since is null || h.ArrivedAt > since).ToList();

        // The previous report's own day too: arrivals after it, on that day, are new.
        var firstDay = since is { } s ? LocalDay(s) : asOf;
        var chartFrom = firstDay < asOf.AddDays(1 - MaxChartDays) ? asOf.AddDays(1 - MaxChartDays) : firstDay;
        var arrivalsByDay = arrivals.ToLookup(h => LocalDay(h.ArrivedAt));
        var summaries = centers.Select(c => needs.GetValueOrDefault(c.Id)).OfType<CenterNeedsSummarized>().ToList();

        return new ReportFigures
        {
            AsOf = asOf,
            Since = since,
            Households = present.Count,
            People = people.Count,
            Female = people.Count(p => p.Sex == "female"),
            Male = people.Count(p => p.Sex == "male"),
            UnknownSex = people.Count(p => p.Sex is not ("female" or "male")),
            ByAgeBracket = BracketFigure.Of(people, asOf),
            WithHostFamilies = PlaceFigure.Of(departed["hostFamily"]),
            Elsewhere = PlaceFigure.Of(departed["elsewhere"]),
            ReturnedHome = PlaceFigure.Of(departed["returnedHome"]),
            NewArrivals = PlaceFigure.Of(arrivals),
            ArrivalsPerDay = Days(chartFrom, asOf).Select(day => new DayFigure(day, arrivalsByDay[day].Count(), arrivalsByDay[day].Sum(h => h.People.Count))).ToList(),
            Centers = centers.OrderBy(c => c.Adm2Name).ThenBy(c => c.Name).Select(c =>
            {
                var atCenter = presentByCentre[c.Id].ToList();
                var summary = needs.GetValueOrDefault(c.Id);
                return new CenterFigure(c.Name, c.Adm1Name, c.Adm2Name, atCenter.Count, atCenter.Sum(h => h.People.Count), c.NightCapacity)
                {
                    Adm2Code = c.Adm2Code,
                    NameArabic = c.NameArabic,
                    FloorAreaM2 = c.FloorAreaM2,
                    RequiredM2PerPerson = summary?.RequiredM2PerPerson,
                    Status = summary?.Status,
                };
            }).ToList(),
            Sectors = SectorFigure.Of(summaries),
            CentresWithNeeds = summaries.Count,
            Protection = centers.Where(c => wholeGovernorates.Contains(c.Adm1Code)).GroupBy(c => (c.Adm1Code, c.Adm1Name)).OrderBy(g => g.Key.Adm1Name).Select(area =>
            {
                var inArea = area.SelectMany(c => presentByCentre[c.Id]).ToList();
                return new ProtectionFigure(area.Key.Adm1Code, area.Key.Adm1Name,
                    ProtectionFigure.Categories.Select(c => c.Counts(inArea)).ToList());
            }).ToList(),
        };
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
    }
}

public sealed record PlaceFigure(int Households, int People)
{
    public static PlaceFigure Of(IEnumerable<ProjectedHousehold> households)
    {
        var list = households.ToList();
        return new PlaceFigure(list.Count, list.Sum(h => h.People.Count));
    }
}

public sealed record DayFigure(DateOnly Day, int Households, int People);

public sealed record BracketFigure(string Bracket, int Female, int Male, int Unknown)
{
    public int Total => Female + Male + Unknown;

    public static List<BracketFigure> Of(IReadOnlyCollection<ProjectedPerson> people, DateOnly asOf) =>
        AgeBrackets.All.Select(bracket =>
        {
            var inBracket = people.Where(p => AgeBrackets.Of(p.DateOfBirth, asOf) == bracket).ToList();
            return new BracketFigure(bracket, inBracket.Count(p => p.Sex == "female"), inBracket.Count(p => p.Sex == "male"),
                inBracket.Count(p => p.Sex is not ("female" or "male")));
        }).ToList();
}

public sealed record CenterFigure(string Name, string Adm1Name, string Adm2Name, int Households, int People, int NightCapacity)
{
    /// <summary>The district's P-code, for partners' own tools (reports built before it was kept have none).</summary>
    public string? Adm2Code { get; init; }
    /// <summary>The centre's name in Arabic, for the Arabic edition.</summary>
    public string? NameArabic { get; init; }
    public decimal FloorAreaM2 { get; init; }
    /// <summary>The space standard in force for the centre, from Needs; null until Needs has summarized the centre.</summary>
    public decimal? RequiredM2PerPerson { get; init; }
    /// <summary>"ok", "warning" or "critical", from Needs.</summary>
    public string? Status { get; init; }

    public int? OccupancyPercent => NightCapacity > 0 ? (int)Math.Round(100m * People / NightCapacity) : null;
    public decimal? SpacePerPersonM2 => People > 0 && FloorAreaM2 > 0 ? Math.Round(FloorAreaM2 / People, 1) : null;
}

/// <summary>A sector's people in need, targeted and reached (null where no response is recorded), by age and sex.</summary>
public sealed record SectorFigure(string Sector, int Targeted, List<BracketFigure> InNeed, List<BracketFigure>? Reached)
{
    public static readonly string[] Order = ["shelter", "winterization", "heating", "wash"];

    public int InNeedTotal => InNeed.Sum(b => b.Total);
    public int? ReachedTotal => Reached?.Sum(b => b.Total);

    public static List<SectorFigure> Of(IReadOnlyCollection<CenterNeedsSummarized> summaries) => summaries.Count == 0 ? [] :
        Order.Select(sector =>
        {
            var parts = summaries.SelectMany(s => s.Sectors).Where(s => s.Sector == sector).ToList();
            var cells = parts.SelectMany(p => p.BySexAndAge).ToList();
            List<BracketFigure> By(Func<SectorNeedsCell, int> count) => AgeBrackets.All.Select(bracket =>
            {
                int Of(string sex) => cells.Where(c => c.AgeBracket == bracket && c.Sex == sex).Sum(count);
                return new BracketFigure(bracket, Of("female"), Of("male"), Of("unknown"));
            }).ToList();
            var tracked = parts.Count > 0 && parts.All(p => p.Reached is not null);
            return new SectorFigure(sector, parts.Sum(p => p.Targeted), By(c => c.InNeed), tracked ? By(c => c.Reached ?? 0) : null);
        }).ToList();
}

/// <summary>
/// People with specific needs in one governorate, counted over all its centres. Protection figures are never given
/// for a centre or district, nor for a scope that holds only part of a governorate (it would be a centre's or
/// district's figure by another name): the restricted code (survivor or protection risk) only at area level, as
/// DOMAIN's data-protection rules require, and the others alongside it so the table reads as one.
/// </summary>
public sealed record ProtectionFigure(string Adm1Code, string Adm1Name, List<int> Counts)
{
    public sealed record Category(string Key, string[] Codes, bool CountsHouseholds)
    {
        public int Counts(IReadOnlyCollection<ProjectedHousehold> households) => CountsHouseholds
            ? households.Count(h => h.People.Any(Has))
            : households.SelectMany(h => h.People).Count(Has);

        // Households projected before specific needs were kept have none recorded here.
        private bool Has(ProjectedPerson person) => (person.SpecificNeeds ?? []).Any(code => Codes.Contains(code) || (Codes.Contains("WG-*") && code.StartsWith("WG-", StringComparison.Ordinal)));
    }

    public static readonly IReadOnlyList<Category> Categories =
    [
        new("unaccompaniedOrSeparatedChildren", ["UAC", "SEP"], false),
        new("childHeadedHouseholds", ["CHH"], true),
        new("femaleHeadedHouseholds", ["FHH"], true),
        new("olderPeopleAtRisk", ["ELD"], false),
        new("disability", ["WG-*"], false),
        new("seriousMedicalCondition", ["MED"], false),
        new("pregnantOrLactating", ["PLW"], false),
        new("protectionRisk", ["PRO"], false),
    ];
}
