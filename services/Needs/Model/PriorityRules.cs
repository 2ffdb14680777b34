using IdpTracker.Domain;

namespace IdpTracker.Needs.Model;

/// <summary>A member as priority rules see them: sex, age, whether they head the household, their specific-needs codes.</summary>
public sealed record PriorityMember(string Sex, DateOnly DateOfBirth, bool IsHead, IReadOnlyList<string> SpecificNeeds);

/// <summary>The shelter a household is in: the centre's type code and whether it is heated.</summary>
public sealed record ShelterFacts(string CenterType, bool Heated);

/// <summary>
/// What is known of the family's earlier displacements: how many it reported, and how many earlier registrations of it
/// were found (a registration merged into this one that arrived far apart from it).
/// </summary>
public sealed record DisplacementHistory(int? Reported, int EarlierRegistrations)
{
    public static readonly DisplacementHistory None = new(null, 0);

    public bool DisplacedBefore => Reported > 0 || EarlierRegistrations > 0;
}

/// <summary>How earlier displacements are found among a family's registrations (docs/domain.md, "Priority").</summary>
public static class Displacements
{
    /// <summary>
    /// Two registrations of one family, merged: arrivals further apart than the newly displaced window were two
    /// displacements (1 earlier registration found); closer, one displacement registered twice (0).
    /// </summary>
    public static int EarlierRegistrationsFound(DateTimeOffset? mergedArrival, DateTimeOffset? keptArrival, RuleSet rules) =>
        mergedArrival is { } a && keptArrival is { } b && Math.Abs((a - b).TotalDays) >= rules.NewlyDisplacedDays ? 1 : 0;
}

/// <summary>A cold-weather alert in force for the household's area.</summary>
public sealed record AlertFacts(Guid AlertId, string Area, decimal MinimumTemperatureC, DateTimeOffset EndsAt);

/// <summary>How urgently a household needs help: a score, its reasons (weightiest first) and urgent referrals.</summary>
public sealed record Priority(int Score, IReadOnlyList<Finding> Reasons, IReadOnlyList<Finding> UrgentReferrals);

/// <summary>
/// Priority criteria of docs/domain.md, highest first: tents, makeshift, unfinished or unheated shelter; children under 5;
/// female- or child-headed households; older people; disability or serious medical condition; newly or repeatedly
/// displaced. A cold-weather alert
/// raises households in exposed or unheated shelter. Unaccompanied or separated children and child-headed households
/// need an urgent referral whatever their score.
/// </summary>
public static class PriorityRules
{
    private static readonly HashSet<string> Disability =
        ["WG-SEEING", "WG-HEARING", "WG-WALKING", "WG-REMEMBERING", "WG-SELFCARE", "WG-COMMUNICATING", "MED"];

    public static Priority For(IReadOnlyCollection<PriorityMember> members, ShelterFacts? shelter, DateOnly asOf, RuleSet rules,
        IReadOnlyCollection<AlertFacts>? alerts = null, DateOnly? displacedOn = null, DisplacementHistory? history = null)
    {
        var weights = rules.Priority;
        var found = new List<Finding>();
        var exposed = shelter is not null && weights.ExposedShelterTypes.Contains(shelter.CenterType);
        if (exposed) found.Add(Finding.Of("priority.exposedShelter", rules, "tent, makeshift or unfinished shelter", weights.ExposedShelter, ("centerType", shelter!.CenterType)));
        else if (shelter is { Heated: false }) found.Add(Finding.Of("priority.unheatedShelter", rules, "unheated shelter", weights.UnheatedShelter, ("centerType", shelter.CenterType), ("heated", false)));

        // The coldest alert in force counts once; a second alert for the same area does not double the weight.
        if ((exposed || shelter is { Heated: false }) && alerts?.MinBy(a => a.MinimumTemperatureC) is { } cold)
        {
            found.Add(Finding.Of("priority.coldAlert", rules, $"cold alert {cold.MinimumTemperatureC:0.#} C", weights.ColdAlert,
                ("alertId", cold.AlertId), ("area", cold.Area), ("minimumTemperatureC", cold.MinimumTemperatureC), ("until", cold.EndsAt.ToString("O"))));
        }

        int AgeOf(PriorityMember m) => Age.InYears(m.DateOfBirth, asOf);
        var under2 = members.Count(m => AgeOf(m) < 2);
        var under5 = members.Count(m => AgeOf(m) < 5);
        if (under2 > 0) found.Add(Finding.Of("priority.childUnder2", rules, under2 == 1 ? "child under 2" : $"{under2} children under 2", weights.ChildUnder2, ("childrenUnder2", under2)));
        else if (under5 > 0) found.Add(Finding.Of("priority.childUnder5", rules, under5 == 1 ? "child under 5" : $"{under5} children under 5", weights.ChildUnder5, ("childrenUnder5", under5)));

        var head = members.FirstOrDefault(m => m.IsHead);
        var childHeadedByCode = members.Any(m => m.SpecificNeeds.Contains("CHH"));
        var headUnder18 = head is not null && AgeOf(head) < 18;
        var childHeaded = childHeadedByCode || headUnder18;
        // Only read when child-headed; a household whose members are not known yet has no head.
        var childHeadedInputs = childHeadedByCode ? ("specificNeed", (object)"CHH") : ("headAge", (object)(head is null ? -1 : AgeOf(head)));
        if (childHeaded) found.Add(Finding.Of("priority.childHeaded", rules, "child-headed household", weights.ChildHeaded, childHeadedInputs));
        else if (members.Any(m => m.SpecificNeeds.Contains("FHH")) || head?.Sex == "female")
        {
            found.Add(Finding.Of("priority.femaleHeaded", rules, "female-headed household", weights.FemaleHeaded,
                members.Any(m => m.SpecificNeeds.Contains("FHH")) ? ("specificNeed", (object)"FHH") : ("headSex", (object)"female")));
        }

        var older = members.Count(m => AgeOf(m) >= rules.OlderPersonAge || m.SpecificNeeds.Contains("ELD"));
        if (older > 0) found.Add(Finding.Of("priority.olderPerson", rules, older == 1 ? "older person" : $"{older} older people", weights.OlderPerson, ("olderPeople", older)));
        var disabilityCodes = members.SelectMany(m => m.SpecificNeeds).Where(Disability.Contains).Distinct().Order().ToList();
        if (disabilityCodes.Count > 0)
        {
            found.Add(Finding.Of("priority.disabilityOrMedical", rules, "disability or serious medical condition", weights.DisabilityOrMedical,
                ("specificNeeds", string.Join(",", disabilityCodes))));
        }

        if (displacedOn is { } since && asOf.DayNumber - since.DayNumber is var days && days >= 0 && days <= rules.NewlyDisplacedDays)
        {
            found.Add(Finding.Of("priority.newlyDisplaced", rules, "newly displaced", weights.NewlyDisplaced,
                ("displacedOn", since.ToString("O")), ("daysAgo", days), ("newlyDisplacedDays", rules.NewlyDisplacedDays)));
        }

        if (history is { DisplacedBefore: true })
        {
            found.Add(Finding.Of("priority.repeatedlyDisplaced", rules, history.Reported > 0 && history.EarlierRegistrations == 0
                    ? $"displaced {history.Reported} time(s) before"
                    : $"displaced before ({history.EarlierRegistrations} earlier registration(s) found{(history.Reported > 0 ? $", {history.Reported} earlier displacement(s) reported" : "")})",
                weights.RepeatedlyDisplaced, ("reportedEarlierDisplacements", history.Reported ?? 0), ("earlierRegistrations", history.EarlierRegistrations)));
        }

        var urgent = new List<Finding>();
        var unaccompanied = members.SelectMany(m => m.SpecificNeeds).Where(c => c is "UAC" or "SEP").Distinct().Order().ToList();
        if (unaccompanied.Count > 0) urgent.Add(Finding.Of("referral.unaccompaniedOrSeparated", rules, "unaccompanied or separated child", 0, ("specificNeeds", string.Join(",", unaccompanied))));
        if (childHeaded) urgent.Add(Finding.Of("referral.childHeaded", rules, "child-headed household", 0, childHeadedInputs));

        // Stable order: weight, then the DOMAIN order in which the rules were checked.
        var ordered = found.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Weight).ThenBy(x => x.i).Select(x => x.f).ToList();
        return new Priority(ordered.Sum(f => f.Weight), ordered, urgent);
    }
}
