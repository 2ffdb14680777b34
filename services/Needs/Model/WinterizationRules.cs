using IdpTracker.Domain;

namespace IdpTracker.Needs.Model;

public sealed record Person(string Sex, DateOnly DateOfBirth);

public sealed record WinterNeeds(
    bool InSeason,
    int People,
    int ChildrenUnder2,
    int OlderPeople,
    int Blankets,
    int Mattresses,
    int ClothingSets,
    int Heaters,
    int FuelLitres,
    string RuleSetVersion,
    IReadOnlyList<string> Reasons);

/// <summary>Winter non-food items a household needs, from its members' ages and the rule set.</summary>
public static class WinterizationRules
{
    public static WinterNeeds For(IReadOnlyCollection<Person> members, RuleSet rules, DateOnly asOf)
    {
        var people = members.Count;
        var under2 = members.Count(m => Age.InYears(m.DateOfBirth, asOf) < 2);
        var older = members.Count(m => Age.InYears(m.DateOfBirth, asOf) >= rules.OlderPersonAge);

        if (!rules.InSeason(asOf))
        {
            return new WinterNeeds(false, people, under2, older, 0, 0, 0, 0, 0, rules.Version,
                [$"Outside the winter season ({rules.Version}): no winter items due."]);
        }

        var reasons = new List<string> { $"{people} people: {rules.BlanketsPerPerson} blanket and {rules.MattressesPerPerson} mattress each" };
        if (under2 > 0) reasons.Add($"{under2} child(ren) under 2: {rules.ExtraBlanketsPerChildUnder2} extra blanket each");
        if (older > 0) reasons.Add($"{older} older person(s) ({rules.OlderPersonAge}+): {rules.ExtraBlanketsPerOlderPerson} extra blanket each");

        return new WinterNeeds(
            InSeason: true,
            People: people,
            ChildrenUnder2: under2,
            OlderPeople: older,
            Blankets: people * rules.BlanketsPerPerson + under2 * rules.ExtraBlanketsPerChildUnder2 + older * rules.ExtraBlanketsPerOlderPerson,
            Mattresses: people * rules.MattressesPerPerson,
            ClothingSets: people * rules.ClothingSetsPerPerson,
            Heaters: people == 0 ? 0 : rules.HeatersPerHousehold,
            FuelLitres: people == 0 ? 0 : rules.FuelLitresPerHouseholdPerMonth * rules.FuelMonths,
            RuleSetVersion: rules.Version,
            Reasons: reasons);
    }
}
