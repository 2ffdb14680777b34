using IdpTracker.Domain;
using IdpTracker.Messaging;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// The people of one household in one sex and age bracket, with where the household is (its centre, and present or
/// where it went) and when it arrived: what a report's figures add up. The live figures add these rows up in the
/// database instead of reading every household's people (docs/domain.md, "Needs, response, gaps"). The rows are
/// derived: <see cref="Data.ReportingDbContext"/> writes them in the same transaction as every change to the
/// household, and again on the day a member changes bracket.
/// </summary>
public sealed class PeopleCount
{
    public Guid HouseholdId { get; set; }
    /// <summary>female, male or unknown.</summary>
    public string Sex { get; set; } = "";
    public string AgeBracket { get; set; } = "";
    public Guid CenterId { get; set; }
    /// <summary>present, or where a departed household went: hostFamily, returnedHome or elsewhere.</summary>
    public string Place { get; set; } = "";
    public DateTimeOffset ArrivedAt { get; set; }
    /// <summary>1 on one row of each household, 0 on the others: the households are the sum, like the people.</summary>
    public int Households { get; set; }
    public int People { get; set; }
    /// <summary>The last day these brackets hold: the day before a member's 5th, 12th, 18th or 60th birthday.</summary>
    public DateOnly CountsUntil { get; set; }

    public const string Present = "present";

    /// <summary>Every household registered and not merged into another counts, wherever it went since.</summary>
    public static bool Counts(ProjectedHousehold household) => household is { Merged: false, SourceVersion: > 0 };

    public static string PlaceOf(ProjectedHousehold household) => household.Present ? Present : household.Destination switch
    {
        "hostFamily" => "hostFamily",
        "returnedHome" => "returnedHome",
        _ => "elsewhere",
    };

    /// <summary>The rows of one household on <paramref name="asOf"/>; none when it does not count.</summary>
    public static List<PeopleCount> For(ProjectedHousehold household, DateOnly asOf)
    {
        if (!Counts(household)) return [];
        var until = household.People.Select(p => AgeBrackets.LastDayIn(p.DateOfBirth, asOf)).DefaultIfEmpty(DateOnly.MaxValue).Min();
        var rows = household.People
            .GroupBy(p => (Sex: Sexes.Counted(p.Sex), Bracket: AgeBrackets.Of(p.DateOfBirth, asOf)))
            .OrderBy(g => g.Key)
            .Select((g, i) => new PeopleCount
            {
                HouseholdId = household.HouseholdId, Sex = g.Key.Sex, AgeBracket = g.Key.Bracket, CenterId = household.CenterId, Place = PlaceOf(household),
                ArrivedAt = household.ArrivedAt, Households = i == 0 ? 1 : 0, People = g.Count(), CountsUntil = until,
            })
            .ToList();
        // A household registered without its people still counts as a household.
        return rows.Count > 0 ? rows :
        [
            new PeopleCount
            {
                HouseholdId = household.HouseholdId, Sex = "unknown", AgeBracket = "", CenterId = household.CenterId, Place = PlaceOf(household),
                ArrivedAt = household.ArrivedAt, Households = 1, People = 0, CountsUntil = DateOnly.MaxValue,
            },
        ];
    }

}

/// <summary>
/// The counts added up per centre, place, sex and age bracket: what the live figures group, kept as each household's
/// counts change (in the same transaction, by <see cref="Data.ReportingDbContext"/>) so that the figures add up a few
/// rows per centre, not every household's (docs/decisions/ADR-012-overview-figures-from-totals-kept-with-the-rows.md).
/// </summary>
public sealed class PeopleCountTotal
{
    public Guid CenterId { get; set; }
    public string Place { get; set; } = "";
    public string Sex { get; set; } = "";
    public string AgeBracket { get; set; } = "";
    public int Households { get; set; }
    public int People { get; set; }

    /// <summary>What changing <paramref name="before"/> into <paramref name="after"/> adds to each total; keys that do not change are left out.</summary>
    public static List<PeopleCountTotal> Change(IEnumerable<PeopleCount> before, IEnumerable<PeopleCount> after) =>
        DerivedRowsExtensions.SumsChange(before, after, c => (c.CenterId, c.Place, c.Sex, c.AgeBracket), c => c.Households, c => c.People)
            .Select(c => new PeopleCountTotal
            {
                CenterId = c.Key.CenterId, Place = c.Key.Place, Sex = c.Key.Sex, AgeBracket = c.Key.AgeBracket, Households = c.Households, People = c.People,
            })
            .ToList();
}

/// <summary>
/// The households and people arrived at the centres in each quarter of an hour, kept with the households' counted rows
/// like <see cref="PeopleCountTotal"/>: the arrivals a coordinator and a report ask about ("since yesterday", "since the
/// last report") add up at most 96 rows a day per centre instead of every arrival's rows (445,000 rows, 1.2 s, on a
/// day of 89,000 arrivals: docs/benchmarks/README.md item 22). A quarter of an hour divides every time zone's offset
/// from UTC, so a quarter falls within one local day anywhere.
/// </summary>
public sealed class ArrivalTotal
{
    public static readonly TimeSpan Width = TimeSpan.FromMinutes(15);

    public Guid CenterId { get; set; }
    /// <summary>The start of the quarter of an hour (UTC).</summary>
    public DateTimeOffset ArrivedIn { get; set; }
    public int Households { get; set; }
    public int People { get; set; }

    /// <summary>The quarter of an hour a moment falls in, as PostgreSQL's <c>floor(epoch / 900) * 900</c> gives it.</summary>
    public static DateTimeOffset QuarterOf(DateTimeOffset moment) => new(moment.UtcTicks - moment.UtcTicks % Width.Ticks, TimeSpan.Zero);

    /// <summary>What changing <paramref name="before"/> into <paramref name="after"/> adds to each total; keys that do not change are left out.</summary>
    public static List<ArrivalTotal> Change(IEnumerable<PeopleCount> before, IEnumerable<PeopleCount> after) =>
        DerivedRowsExtensions.SumsChange(before, after, c => (c.CenterId, ArrivedIn: QuarterOf(c.ArrivedAt)), c => c.Households, c => c.People)
            .Select(c => new ArrivalTotal { CenterId = c.Key.CenterId, ArrivedIn = c.Key.ArrivedIn, Households = c.Households, People = c.People })
            .ToList();
}

/// <summary>
/// How many people of a present household (or the household itself, for a household category) fall in one protection
/// category: kept apart, and only where there is one, as few households have any.
/// </summary>
public sealed class ProtectionCount
{
    public Guid HouseholdId { get; set; }
    public string Category { get; set; } = "";
    public Guid CenterId { get; set; }
    public int Count { get; set; }

    public static List<ProtectionCount> For(ProjectedHousehold household) =>
        !PeopleCount.Counts(household) || !household.Present ? [] : ProtectionFigure.Categories
            .Select(c => new ProtectionCount { HouseholdId = household.HouseholdId, Category = c.Key, CenterId = household.CenterId, Count = c.Counts([household]) })
            .Where(c => c.Count > 0)
            .ToList();
}

/// <summary>
/// The protection counts added up per centre and category, kept with the households' own rows in the same transaction
/// like <see cref="PeopleCountTotal"/>, so that the figures and a report add up a few rows per centre
/// (docs/decisions/ADR-012-overview-figures-from-totals-kept-with-the-rows.md).
/// </summary>
public sealed class ProtectionCountTotal
{
    public Guid CenterId { get; set; }
    public string Category { get; set; } = "";
    /// <summary>Households with anyone in the category.</summary>
    public int Households { get; set; }
    public int Count { get; set; }

    /// <summary>What changing <paramref name="before"/> into <paramref name="after"/> adds to each total; keys that do not change are left out.</summary>
    public static List<ProtectionCountTotal> Change(IEnumerable<ProtectionCount> before, IEnumerable<ProtectionCount> after) =>
        DerivedRowsExtensions.SumsChange(before, after, c => (c.CenterId, c.Category), _ => 1, c => c.Count)
            .Select(c => new ProtectionCountTotal { CenterId = c.Key.CenterId, Category = c.Key.Category, Households = c.Households, Count = c.People })
            .ToList();
}

/// <summary>Counted rows added up per centre, place, sex and age bracket.</summary>
public sealed record FigureGroup(Guid CenterId, string Place, string Sex, string AgeBracket, int Households, int People);

/// <summary>Households and people that arrived at one moment.</summary>
public sealed record ArrivalGroup(DateTimeOffset ArrivedAt, int Households, int People);

/// <summary>A protection category's count in one centre.</summary>
public sealed record ProtectionGroup(Guid CenterId, string Category, int Count);

/// <summary>What a report's figures are computed from, added up: the same whether read from the database or from households in hand.</summary>
public sealed record FigureInputs(IReadOnlyCollection<FigureGroup> Groups, IReadOnlyCollection<ArrivalGroup> Arrivals, IReadOnlyCollection<ProtectionGroup> Protection)
{
    /// <summary>The totals of the centres in scope (what the live figures read); a total every household has left is not a group.</summary>
    public static IQueryable<FigureGroup> GroupsOf(IQueryable<PeopleCountTotal> totals) =>
        totals.Where(t => t.Households != 0 || t.People != 0)
            .Select(t => new FigureGroup(t.CenterId, t.Place, t.Sex, t.AgeBracket, t.Households, t.People));

    public static IQueryable<FigureGroup> GroupsOf(IQueryable<PeopleCount> counts) =>
        counts.GroupBy(c => new { c.CenterId, c.Place, c.Sex, c.AgeBracket })
            .Select(g => new FigureGroup(g.Key.CenterId, g.Key.Place, g.Key.Sex, g.Key.AgeBracket, g.Sum(c => c.Households), g.Sum(c => c.People)));

    public static IQueryable<ArrivalGroup> ArrivalsOf(IQueryable<PeopleCount> counts, DateTimeOffset? since) =>
        (since is { } after ? counts.Where(c => c.ArrivedAt > after) : counts)
            .GroupBy(c => c.ArrivedAt).Select(g => new ArrivalGroup(g.Key, g.Sum(c => c.Households), g.Sum(c => c.People)));

    public static IQueryable<ProtectionGroup> ProtectionOf(IQueryable<ProtectionCount> counts) =>
        counts.GroupBy(c => new { c.CenterId, c.Category }).Select(g => new ProtectionGroup(g.Key.CenterId, g.Key.Category, g.Sum(c => c.Count)));

    /// <summary>The protection totals of the centres in scope; a category every household has left is not a group.</summary>
    public static IQueryable<ProtectionGroup> ProtectionOf(IQueryable<ProtectionCountTotal> totals) =>
        totals.Where(t => t.Count != 0).Select(t => new ProtectionGroup(t.CenterId, t.Category, t.Count));

    /// <summary>The protection groups less others (the totals less the rows some households hold in them); a group left with nothing is dropped.</summary>
    public static List<ProtectionGroup> Less(IEnumerable<ProtectionGroup> groups, IEnumerable<ProtectionGroup> less) =>
        Summed(groups.Concat(less.Select(g => g with { Count = -g.Count }))).Where(g => g.Count != 0).ToList();

    /// <summary>The groups less others (the totals less the rows some households hold in them); a group left with nothing is dropped.</summary>
    public static List<FigureGroup> Less(IEnumerable<FigureGroup> groups, IEnumerable<FigureGroup> less) =>
        Summed(groups.Concat(less.Select(g => g with { Households = -g.Households, People = -g.People })))
            .Where(g => g.Households != 0 || g.People != 0)
            .ToList();

    /// <summary>One group per centre, place, sex and age bracket.</summary>
    private static IEnumerable<FigureGroup> Summed(IEnumerable<FigureGroup> groups) =>
        groups.GroupBy(g => (g.CenterId, g.Place, g.Sex, g.AgeBracket))
            .Select(g => new FigureGroup(g.Key.CenterId, g.Key.Place, g.Key.Sex, g.Key.AgeBracket, g.Sum(x => x.Households), g.Sum(x => x.People)));

    /// <summary>Both added up: the counted rows of some households and others counted in hand.</summary>
    public FigureInputs Plus(FigureInputs other) => new(
        Summed(Groups.Concat(other.Groups)).ToList(),
        Summed(Arrivals.Concat(other.Arrivals)).ToList(),
        Summed(Protection.Concat(other.Protection)).ToList());

    /// <summary>The arrivals less others (rows that do not hold, counted in hand instead); a moment left with nothing is dropped.</summary>
    public static List<ArrivalGroup> Less(IEnumerable<ArrivalGroup> arrivals, IEnumerable<ArrivalGroup> less) =>
        Summed(arrivals.Concat(less.Select(a => a with { Households = -a.Households, People = -a.People })))
            .Where(a => a.Households != 0 || a.People != 0)
            .ToList();

    /// <summary>One group per moment.</summary>
    public static IEnumerable<ArrivalGroup> Summed(IEnumerable<ArrivalGroup> arrivals) =>
        arrivals.GroupBy(a => a.ArrivedAt).Select(g => new ArrivalGroup(g.Key, g.Sum(x => x.Households), g.Sum(x => x.People)));

    private static IEnumerable<ProtectionGroup> Summed(IEnumerable<ProtectionGroup> protection) =>
        protection.GroupBy(p => (p.CenterId, p.Category)).Select(g => new ProtectionGroup(g.Key.CenterId, g.Key.Category, g.Sum(x => x.Count)));

    /// <summary>The households in hand, counted as the database would hold them on <paramref name="asOf"/>.</summary>
    /// <remarks>
    /// Added up by the same keys as <see cref="GroupsOf(IQueryable{PeopleCount})"/>, <see cref="ArrivalsOf"/> and
    /// <see cref="ProtectionOf"/>, in plain LINQ: those run over AsQueryable() compiled their expression trees into new
    /// code on every call, and freeing that code took most of a report preview's time.
    /// </remarks>
    public static FigureInputs Of(IReadOnlyCollection<ProjectedHousehold> households, DateOnly asOf, DateTimeOffset? since)
    {
        var counts = households.SelectMany(h => PeopleCount.For(h, asOf)).ToList();
        return new FigureInputs(
            Summed(counts.Select(c => new FigureGroup(c.CenterId, c.Place, c.Sex, c.AgeBracket, c.Households, c.People))).ToList(),
            Summed(counts.Where(c => since is not { } after || c.ArrivedAt > after).Select(c => new ArrivalGroup(c.ArrivedAt, c.Households, c.People))).ToList(),
            Summed(households.SelectMany(ProtectionCount.For).Select(c => new ProtectionGroup(c.CenterId, c.Category, c.Count))).ToList());
    }
}
