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
        IReadOnlySet<string> wholeGovernorates) =>
        From(FigureInputs.Of(households, LocalDay(occurrence, zone), since), centers, needs, occurrence, since, zone, wholeGovernorates);

    /// <param name="inputs">The scope's households added up (<see cref="FigureInputs"/>, of the given centres only), brackets as of the occurrence's day.</param>
    public static ReportFigures From(FigureInputs inputs, IReadOnlyCollection<ProjectedCenter> centers,
        IReadOnlyDictionary<Guid, CenterNeedsSummarized> needs, DateTimeOffset occurrence, DateTimeOffset? since, TimeZoneInfo zone,
        IReadOnlySet<string> wholeGovernorates)
    {
        var asOf = LocalDay(occurrence, zone);
        var groups = inputs.Groups;
        var present = groups.Where(g => g.Place == PeopleCount.Present).ToList();
        var presentByCentre = present.ToLookup(g => g.CenterId);
        PlaceFigure Gone(string place) => PlaceFigure.Of(groups.Where(g => g.Place == place));
        int PeopleOf(string sex) => present.Where(g => g.Sex == sex).Sum(g => g.People);

        // The previous report's own day too: arrivals after it, on that day, are new.
        var firstDay = since is { } s ? LocalDay(s, zone) : asOf;
        var chartFrom = firstDay < asOf.AddDays(1 - MaxChartDays) ? asOf.AddDays(1 - MaxChartDays) : firstDay;
        var arrivals = inputs.Arrivals.Where(a => since is null || a.ArrivedAt > since).ToList();
        var arrivalsByDay = arrivals.ToLookup(a => LocalDay(a.ArrivedAt, zone));
        var summaries = centers.Select(c => needs.GetValueOrDefault(c.Id)).OfType<CenterNeedsSummarized>().ToList();
        var protection = inputs.Protection.ToLookup(p => p.CenterId);

        return new ReportFigures
        {
            AsOf = asOf,
            Since = since,
            Households = present.Sum(g => g.Households),
            People = present.Sum(g => g.People),
            Female = PeopleOf("female"),
            Male = PeopleOf("male"),
            UnknownSex = PeopleOf("unknown"),
            ByAgeBracket = BracketFigure.Of(present),
            WithHostFamilies = Gone("hostFamily"),
            Elsewhere = Gone("elsewhere"),
            ReturnedHome = Gone("returnedHome"),
            NewArrivals = new PlaceFigure(arrivals.Sum(a => a.Households), arrivals.Sum(a => a.People)),
            ArrivalsPerDay = Days(chartFrom, asOf).Select(day => new DayFigure(day, arrivalsByDay[day].Sum(a => a.Households), arrivalsByDay[day].Sum(a => a.People))).ToList(),
            Centers = centers.OrderBy(c => c.Adm2Name).ThenBy(c => c.Name).Select(c =>
            {
                var atCenter = presentByCentre[c.Id].ToList();
                var summary = needs.GetValueOrDefault(c.Id);
                return new CenterFigure(c.Name, c.Adm1Name, c.Adm2Name, atCenter.Sum(g => g.Households), atCenter.Sum(g => g.People), c.NightCapacity)
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
                var inArea = area.SelectMany(c => protection[c.Id]).ToList();
                return new ProtectionFigure(area.Key.Adm1Code, area.Key.Adm1Name,
                    ProtectionFigure.Categories.Select(c => inArea.Where(p => p.Category == c.Key).Sum(p => p.Count)).ToList());
            }).ToList(),
        };
    }

    public static DateOnly LocalDay(DateTimeOffset t, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
    }
}

public sealed record PlaceFigure(int Households, int People)
{
    public static PlaceFigure Of(IEnumerable<FigureGroup> groups)
    {
        var list = groups.ToList();
        return new PlaceFigure(list.Sum(g => g.Households), list.Sum(g => g.People));
    }
}

public sealed record DayFigure(DateOnly Day, int Households, int People);

public sealed record BracketFigure(string Bracket, int Female, int Male, int Unknown)
{
    public int Total => Female + Male + Unknown;

    public static List<BracketFigure> Of(IReadOnlyCollection<FigureGroup> groups) =>
        AgeBrackets.All.Select(bracket =>
        {
            int Of(string sex) => groups.Where(g => g.AgeBracket == bracket && g.Sex == sex).Sum(g => g.People);
            return new BracketFigure(bracket, Of("female"), Of("male"), Of("unknown"));
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
