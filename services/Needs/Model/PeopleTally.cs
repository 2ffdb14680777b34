using IdpTracker.Domain;
using IdpTracker.Messaging;

namespace IdpTracker.Needs.Model;

/// <summary>Where a household stands in a sector whose response is recorded as distributions.</summary>
public enum Standing
{
    NotInNeed = 0,
    InNeed = 1,
    PartlyReached = 2,
    Reached = 3,
}

/// <summary>
/// The people of one counted household in one sex and age bracket, with what the needs summary asks of the household:
/// its centre, priority and standing in winterization and heating. The summary adds these narrow rows up (about three
/// a household) in the database instead of reading every household's members and distributions (docs/domain.md,
/// "Needs, response, gaps"). The rows are derived: <see cref="Data.NeedsDbContext"/> writes them in the same
/// transaction as every change to the household or its distributions, and again on the day a member changes bracket.
/// </summary>
public sealed class PeopleTally
{
    public Guid HouseholdId { get; set; }
    /// <summary>female, male or unknown.</summary>
    public string Sex { get; set; } = "";
    public string AgeBracket { get; set; } = "";
    public Guid CenterId { get; set; }
    public int People { get; set; }
    /// <summary>1 on one row of each household, 0 on the others: the households are the sum, like the people.</summary>
    public int Households { get; set; }
    /// <summary>Kept rather than "targeted", so a new target in the rule set counts at once.</summary>
    public int PriorityScore { get; set; }
    public Standing Winterization { get; set; }
    public Standing Heating { get; set; }
    /// <summary>The last day these brackets hold: the day before a member's 5th, 12th, 18th or 60th birthday.</summary>
    public DateOnly CountsUntil { get; set; }
    /// <summary>dayAndNight, nightOnly or dayOnly: the household's, so night and day occupancy each count their own people.</summary>
    public string Presence { get; set; } = Presences.DayAndNight;

    /// <summary>A household counts while present in a centre, never merged into another, and known from Registration.</summary>
    public static bool Counts(HouseholdNeeds household) => household is { Present: true, Merged: false, SourceVersion: > 0 };

    /// <summary>
    /// The rows of one household on <paramref name="asOf"/>, given what it has received per item; none when it does
    /// not count.
    /// </summary>
    public static List<PeopleTally> For(HouseholdNeeds household, Func<Item, int> delivered, DateOnly asOf)
    {
        if (!Counts(household)) return [];
        var winterization = StandingIn(household, NeedsSummary.Winterization, delivered);
        var heating = StandingIn(household, NeedsSummary.Heating, delivered);
        var until = household.Members.Select(m => AgeBrackets.LastDayIn(m.DateOfBirth, asOf)).DefaultIfEmpty(DateOnly.MaxValue).Min();
        return household.Members
            .GroupBy(m => (Sex: Sexes.Counted(m.Sex), Bracket: AgeBrackets.Of(m.DateOfBirth, asOf)))
            .OrderBy(g => g.Key)
            .Select((g, i) => new PeopleTally
            {
                HouseholdId = household.HouseholdId, Sex = g.Key.Sex, AgeBracket = g.Key.Bracket, CenterId = household.CenterId, People = g.Count(), Households = i == 0 ? 1 : 0,
                PriorityScore = household.PriorityScore, Winterization = winterization, Heating = heating, CountsUntil = until,
                Presence = household.Presence,
            })
            .ToList();
    }

    /// <summary>
    /// In need when the household needs any of the sector's items; reached when it has received all it needs of each
    /// (a need is open until met); partly reached when it has received some.
    /// </summary>
    public static Standing StandingIn(HouseholdNeeds household, IReadOnlyList<Item> items, Func<Item, int> delivered)
    {
        var needed = items.Where(i => Gaps.Needed(household, i) > 0).ToList();
        if (needed.Count == 0) return Standing.NotInNeed;
        if (needed.All(i => delivered(i) >= Gaps.Needed(household, i))) return Standing.Reached;
        return needed.Any(i => delivered(i) > 0) ? Standing.PartlyReached : Standing.InNeed;
    }

}

/// <summary>
/// The tallies added up per centre, sex, age bracket, standing in each sector, priority score and presence: what the
/// needs summary and the centres' published summaries group, kept as each household's tallies change (in the same
/// transaction, by <see cref="Data.NeedsDbContext"/>) so that they add up a few thousand rows, not every household's
/// (docs/domain.md, "Needs, response, gaps").
/// </summary>
public sealed class PeopleTallyTotal
{
    public Guid CenterId { get; set; }
    public string Sex { get; set; } = "";
    public string AgeBracket { get; set; } = "";
    public Standing Winterization { get; set; }
    public Standing Heating { get; set; }
    public int PriorityScore { get; set; }
    public string Presence { get; set; } = Presences.DayAndNight;
    public int Households { get; set; }
    public int People { get; set; }

    /// <summary>What changing <paramref name="before"/> into <paramref name="after"/> adds to each total; keys that do not change are left out.</summary>
    public static List<PeopleTallyTotal> Change(IEnumerable<PeopleTally> before, IEnumerable<PeopleTally> after) =>
        DerivedRowsExtensions.SumsChange(before, after, t => (t.CenterId, t.Sex, t.AgeBracket, t.Winterization, t.Heating, t.PriorityScore, t.Presence), t => t.Households, t => t.People)
            .Select(c => new PeopleTallyTotal
            {
                CenterId = c.Key.CenterId, Sex = c.Key.Sex, AgeBracket = c.Key.AgeBracket, Winterization = c.Key.Winterization, Heating = c.Key.Heating,
                PriorityScore = c.Key.PriorityScore, Presence = c.Key.Presence, Households = c.Households, People = c.People,
            })
            .ToList();
}

/// <summary>The people of the tallies sharing one centre, sex, age bracket, standing in each sector and targeting.</summary>
/// <param name="Presence">dayAndNight, nightOnly or dayOnly: who counts against night capacity and who against day capacity.</param>
public sealed record TallyGroup(Guid CenterId, string Sex, string AgeBracket, Standing Winterization, Standing Heating, bool Targeted, int Households, int People,
    string Presence = Presences.DayAndNight);

/// <summary>When a household is at its centre, as Registration says it ("dayAndNight" when it does not).</summary>
public static class Presences
{
    public const string DayAndNight = "dayAndNight", NightOnly = "nightOnly", DayOnly = "dayOnly";

    public static bool AtNight(string presence) => presence != DayOnly;

    public static bool ByDay(string presence) => presence != NightOnly;
}
