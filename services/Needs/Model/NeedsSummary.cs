using IdpTracker.Domain;

namespace IdpTracker.Needs.Model;

/// <summary>People in need, targeted, reached and the gap for one sex and age bracket.</summary>
public sealed record SummaryCell(string Sex, string AgeBracket, int InNeed, int Targeted, int? Reached, int? Gap);

/// <summary>
/// One sector's figures. Reached and gap are null where IdpTracker records no response for the sector (shelter and
/// WASH are answered by moving people and building latrines, not by distributions).
/// </summary>
public sealed record SectorSummary(string Sector, IReadOnlyList<Item> Items, string Definition, int InNeed, int Targeted, int? Reached, int? PartlyReached, int? Gap,
    IReadOnlyList<SummaryCell> BySexAndAge);

/// <summary>
/// Needs, response and gaps per sector, counted in people and split by sex and age bracket (docs/domain.md: "for every
/// sector the numbers that matter are people in need, targeted, reached and the gap").
/// - winterization (blankets, mattresses, clothing) and heating (heaters, fuel): in need when the household needs any of
///   the sector's items; reached when it has received all of them (a need is open until met); partly reached when some.
/// - shelter: in tents, makeshift, unfinished or unheated shelter, or in a centre below the space standard or full by night.
/// - wash: in a centre with more people per toilet than the standard, or none.
/// Targeted: in need, with a priority score at or above the rule set's target.
/// </summary>
public static class NeedsSummary
{
    public static readonly Item[] Winterization = [Item.Blanket, Item.Mattress, Item.ClothingSet];
    public static readonly Item[] Heating = [Item.Heater, Item.FuelLitre];

    /// <summary>
    /// The tallies' totals added up per centre, sex, age bracket, standing and targeting: one query over a few rows per
    /// centre, no household read into the service. A total every household has left counts nobody and is not a group.
    /// </summary>
    public static IQueryable<TallyGroup> Groups(IQueryable<PeopleTallyTotal> totals, int targetMinPriority) =>
        totals.Where(t => t.People > 0).GroupBy(t => new { t.CenterId, t.Sex, t.AgeBracket, t.Winterization, t.Heating, Targeted = t.PriorityScore >= targetMinPriority, t.Presence })
            .Select(g => new TallyGroup(g.Key.CenterId, g.Key.Sex, g.Key.AgeBracket, g.Key.Winterization, g.Key.Heating, g.Key.Targeted, g.Sum(t => t.Households), g.Sum(t => t.People),
                g.Key.Presence));

    public static List<SectorSummary> For(IReadOnlyCollection<TallyGroup> groups, IReadOnlyDictionary<Guid, CenterProfile> centres, RuleSet rules, DateOnly asOf)
    {
        var counted = groups.Where(g => centres.ContainsKey(g.CenterId)).ToList();
        var byCentre = counted.ToLookup(g => g.CenterId);
        var evaluations = centres.Values.ToDictionary(c => c.Id, c => CenterRules.Evaluate(CenterConditions.Of(c, byCentre[c.Id]), rules, asOf));

        var shelterCentres = centres.Values
            .Where(c => rules.Priority.ExposedShelterTypes.Contains(c.Type) || !c.Heated
                        || evaluations[c.Id] is { MeetsSpaceStandard: false } || evaluations[c.Id].NightOccupancyPercent >= 100)
            .Select(c => c.Id).ToHashSet();
        var washCentres = evaluations.Where(e => e.Value.PeoplePerToilet is null || e.Value.PeoplePerToilet > rules.MaxPeoplePerToilet).Select(e => e.Key).ToHashSet();

        return
        [
            Sector("winterization", Winterization, "Needs blankets, mattresses or clothing; reached when all have been received.",
                counted.Select(g => (g, (Standing?)g.Winterization))),
            Sector("heating", Heating, "Needs a heater or fuel; reached when both have been received.",
                counted.Select(g => (g, (Standing?)g.Heating))),
            Sector("shelter", [], "In tents, makeshift, unfinished or unheated shelter, or a centre below the space standard or full by night.",
                counted.Select(g => (g, shelterCentres.Contains(g.CenterId) ? (Standing?)null : Standing.NotInNeed))),
            Sector("wash", [], $"In a centre with more than {rules.MaxPeoplePerToilet} people per toilet, or none recorded.",
                counted.Select(g => (g, washCentres.Contains(g.CenterId) ? (Standing?)null : Standing.NotInNeed))),
        ];
    }

    /// <summary>
    /// One sector from the groups and each group's standing in it; a null standing is "in need" in a sector whose
    /// response IdpTracker does not record (no reached, no gap).
    /// </summary>
    private static SectorSummary Sector(string name, Item[] items, string definition, IEnumerable<(TallyGroup Group, Standing? Standing)> groups)
    {
        var tracked = items.Length > 0;
        var inNeed = groups.Where(g => g.Standing != Standing.NotInNeed).ToList();
        int People(IEnumerable<(TallyGroup Group, Standing? Standing)> of) => of.Sum(g => g.Group.People);
        int Reached(IEnumerable<(TallyGroup Group, Standing? Standing)> of) => People(of.Where(g => g.Standing == Standing.Reached));
        var cells = (from sex in new[] { "female", "male", "unknown" }
                     from bracket in AgeBrackets.All
                     let members = inNeed.Where(g => g.Group.Sex == sex && g.Group.AgeBracket == bracket).ToList()
                     where members.Count > 0 || sex != "unknown"
                     let count = People(members)
                     let reached = Reached(members)
                     select new SummaryCell(sex, bracket, count, People(members.Where(g => g.Group.Targeted)),
                         tracked ? reached : null, tracked ? count - reached : null)).ToList();
        var total = People(inNeed);
        var reachedTotal = Reached(inNeed);
        return new SectorSummary(name, items, definition, total, People(inNeed.Where(g => g.Group.Targeted)),
            tracked ? reachedTotal : null, tracked ? People(inNeed.Where(g => g.Standing == Standing.PartlyReached)) : null,
            tracked ? total - reachedTotal : null, cells);
    }
}
