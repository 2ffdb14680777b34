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
/// Needs, response and gaps per sector, counted in people and split by sex and age bracket (DOMAIN.md: "for every
/// sector the numbers that matter are people in need, targeted, reached and the gap").
/// - winterization (blankets, mattresses, clothing) and heating (heaters, fuel): in need when the household needs any of
///   the sector's items; reached when it has received all of them (a need is open until met); partly reached when some.
/// - shelter: in tents, makeshift, unfinished or unheated shelter, or in a centre below the space standard or full by night.
/// - wash: in a centre with more people per toilet than the standard, or none.
/// Targeted: in need, with a priority score at or above the rule set's target.
/// </summary>
public static class NeedsSummary
{
    public static readonly (string Sector, Item[] Items)[] DistributedSectors =
    [
        ("winterization", [Item.Blanket, Item.Mattress, Item.ClothingSet]),
        ("heating", [Item.Heater, Item.FuelLitre]),
    ];

    public static List<SectorSummary> For(IReadOnlyCollection<HouseholdNeeds> households, IReadOnlyDictionary<Guid, CenterProfile> centres,
        IReadOnlyDictionary<(Guid Household, Item Item), int> delivered, RuleSet rules, DateOnly asOf)
    {
        var peopleByCentre = households.GroupBy(h => h.CenterId).ToDictionary(g => g.Key, g => g.Sum(h => h.Members.Count));
        var evaluations = centres.Values.ToDictionary(c => c.Id, c => CenterRules.Evaluate(CenterConditions.Of(c, peopleByCentre.GetValueOrDefault(c.Id)), rules, asOf));
        bool Targeted(HouseholdNeeds h) => h.PriorityScore >= rules.TargetMinPriority;

        var sectors = new List<SectorSummary>();
        foreach (var (sector, items) in DistributedSectors)
        {
            var states = households.Select(h =>
            {
                var needed = items.Where(i => Gaps.Needed(h, i) > 0).ToList();
                var met = needed.Count(i => delivered.GetValueOrDefault((h.HouseholdId, i)) >= Gaps.Needed(h, i));
                var touched = needed.Any(i => delivered.GetValueOrDefault((h.HouseholdId, i)) > 0);
                return (Household: h, InNeed: needed.Count > 0, Reached: needed.Count > 0 && met == needed.Count, Partly: touched && met < needed.Count);
            }).ToList();
            sectors.Add(Sector(sector, items, sector == "winterization"
                    ? "Needs blankets, mattresses or clothing; reached when all have been received."
                    : "Needs a heater or fuel; reached when both have been received.",
                states.Select(s => (s.Household, s.InNeed, Targeted(s.Household), (bool?)s.Reached, (bool?)s.Partly)).ToList(), asOf));
        }

        var shelter = households.Select(h =>
        {
            var centre = centres.GetValueOrDefault(h.CenterId);
            var evaluation = centre is null ? null : evaluations[centre.Id];
            var inNeed = centre is not null && (rules.Priority.ExposedShelterTypes.Contains(centre.Type) || !centre.Heated
                                                || evaluation is { MeetsSpaceStandard: false } || evaluation?.NightOccupancyPercent >= 100);
            return (h, inNeed, inNeed && Targeted(h), (bool?)null, (bool?)null);
        }).ToList();
        sectors.Add(Sector("shelter", [], "In tents, makeshift, unfinished or unheated shelter, or a centre below the space standard or full by night.", shelter, asOf));

        var wash = households.Select(h =>
        {
            var evaluation = evaluations.GetValueOrDefault(h.CenterId);
            var inNeed = evaluation is not null && (evaluation.PeoplePerToilet is null || evaluation.PeoplePerToilet > rules.MaxPeoplePerToilet);
            return (h, inNeed, inNeed && Targeted(h), (bool?)null, (bool?)null);
        }).ToList();
        sectors.Add(Sector("wash", [], $"In a centre with more than {rules.MaxPeoplePerToilet} people per toilet, or none recorded.", wash, asOf));
        return sectors;
    }

    private static SectorSummary Sector(string name, Item[] items, string definition,
        List<(HouseholdNeeds Household, bool InNeed, bool Targeted, bool? Reached, bool? Partly)> states, DateOnly asOf)
    {
        var tracked = items.Length > 0;
        var people = states.Where(s => s.InNeed)
            .SelectMany(s => s.Household.Members.Select(m => (Sex: SexOf(m.Sex), Bracket: AgeBrackets.Of(m.DateOfBirth, asOf), s.Targeted, Reached: s.Reached == true, Partly: s.Partly == true)))
            .ToList();
        var cells = (from sex in new[] { "female", "male", "unknown" }
                     from bracket in AgeBrackets.All
                     let members = people.Where(p => p.Sex == sex && p.Bracket == bracket).ToList()
                     where members.Count > 0 || sex != "unknown"
                     let reached = members.Count(p => p.Reached)
                     select new SummaryCell(sex, bracket, members.Count, members.Count(p => p.Targeted),
                         tracked ? reached : null, tracked ? members.Count - reached : null)).ToList();
        var reachedTotal = people.Count(p => p.Reached);
        return new SectorSummary(name, items, definition, people.Count, people.Count(p => p.Targeted),
            tracked ? reachedTotal : null, tracked ? people.Count(p => p.Partly) : null, tracked ? people.Count - reachedTotal : null, cells);
    }

    private static string SexOf(string sex) => sex is "female" or "male" ? sex : "unknown";
}
