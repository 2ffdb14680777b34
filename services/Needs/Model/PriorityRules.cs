namespace IdpTracker.Needs.Model;

/// <summary>A member as priority rules see them: sex, age, whether they head the household, their specific-needs codes.</summary>
public sealed record PriorityMember(string Sex, DateOnly DateOfBirth, bool IsHead, IReadOnlyList<string> SpecificNeeds);

/// <summary>The shelter a household is in: the centre's type code and whether it is heated.</summary>
public sealed record ShelterFacts(string CenterType, bool Heated);

/// <summary>How urgently a household needs help: a score, its reasons (weightiest first) and urgent referrals.</summary>
public sealed record Priority(int Score, IReadOnlyList<string> Reasons, IReadOnlyList<string> UrgentReferrals);

/// <summary>
/// Priority criteria of DOMAIN.md, highest first: tents, makeshift, unfinished or unheated shelter; children under 5;
/// female- or child-headed households; older people; disability or serious medical condition. Unaccompanied or
/// separated children and child-headed households need an urgent referral whatever their score.
/// </summary>
public static class PriorityRules
{
    private static readonly HashSet<string> ExposedShelter = ["tentSite", "unfinishedBuilding"];
    private static readonly HashSet<string> Disability =
        ["WG-SEEING", "WG-HEARING", "WG-WALKING", "WG-REMEMBERING", "WG-SELFCARE", "WG-COMMUNICATING", "MED"];

    public static Priority For(IReadOnlyCollection<PriorityMember> members, ShelterFacts? shelter, DateOnly asOf)
    {
        var found = new List<(int Weight, string Reason)>();
        if (shelter is not null && ExposedShelter.Contains(shelter.CenterType)) found.Add((50, "tent, makeshift or unfinished shelter"));
        else if (shelter is { Heated: false }) found.Add((40, "unheated shelter"));

        int Age(PriorityMember m) => IdpTracker.Domain.Age.InYears(m.DateOfBirth, asOf);
        var under2 = members.Count(m => Age(m) < 2);
        var under5 = members.Count(m => Age(m) < 5);
        if (under2 > 0) found.Add((35, under2 == 1 ? "child under 2" : $"{under2} children under 2"));
        else if (under5 > 0) found.Add((30, under5 == 1 ? "child under 5" : $"{under5} children under 5"));

        var head = members.FirstOrDefault(m => m.IsHead);
        var childHeaded = members.Any(m => m.SpecificNeeds.Contains("CHH")) || (head is not null && Age(head) < 18);
        if (childHeaded) found.Add((30, "child-headed household"));
        else if (members.Any(m => m.SpecificNeeds.Contains("FHH")) || head?.Sex == "female") found.Add((25, "female-headed household"));

        var older = members.Count(m => Age(m) >= 60 || m.SpecificNeeds.Contains("ELD"));
        if (older > 0) found.Add((20, older == 1 ? "older person" : $"{older} older people"));
        if (members.Any(m => m.SpecificNeeds.Any(Disability.Contains))) found.Add((15, "disability or serious medical condition"));

        var urgent = new List<string>();
        if (members.Any(m => m.SpecificNeeds.Contains("UAC") || m.SpecificNeeds.Contains("SEP"))) urgent.Add("unaccompanied or separated child");
        if (childHeaded) urgent.Add("child-headed household");

        var ordered = found.OrderByDescending(f => f.Weight).ToList();
        return new Priority(ordered.Sum(f => f.Weight), ordered.Select(f => f.Reason).ToList(), urgent);
    }
}
