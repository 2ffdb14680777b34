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
    IReadOnlyList<Finding> Reasons)
{
    /// <summary>Heating fuel a month while the season lasts; <see cref="FuelLitres"/> is the season's total.</summary>
    public int FuelLitresPerMonth { get; init; }
}

/// <summary>Winter non-food items a household needs, from its members' ages, the rule set and the season of its area.</summary>
public static class WinterizationRules
{
    /// <param name="areaCodes">The adm1 and adm2 codes of the household's centre, for an area's own season.</param>
    public static WinterNeeds For(IReadOnlyCollection<Person> members, RuleSet rules, DateOnly asOf, params string?[] areaCodes)
    {
        var people = members.Count;
        var under2 = members.Count(m => Age.InYears(m.DateOfBirth, asOf) < 2);
        var older = members.Count(m => Age.InYears(m.DateOfBirth, asOf) >= rules.OlderPersonAge);
        var (start, end, area) = rules.SeasonFor(areaCodes);

        if (!RuleSet.InSeason(asOf.Month, start, end))
        {
            return new WinterNeeds(false, people, under2, older, 0, 0, 0, 0, 0, rules.Version,
                [Finding.Of("winter.season", rules, "Outside the winter season: no winter items due.", 0,
                    ("month", asOf.Month), ("seasonStartMonth", start), ("seasonEndMonth", end), ("seasonArea", area ?? "general"))]);
        }

        var reasons = new List<Finding>
        {
            Finding.Of("winter.perPerson", rules, $"{people} people: {rules.BlanketsPerPerson} blanket, {rules.MattressesPerPerson} mattress and {rules.ClothingSetsPerPerson} clothing sets each",
                0, ("people", people), ("seasonArea", area ?? "general")),
        };
        if (under2 > 0)
        {
            reasons.Add(Finding.Of("winter.childUnder2", rules, $"{under2} child(ren) under 2: {rules.ExtraBlanketsPerChildUnder2} extra blanket each", 0, ("childrenUnder2", under2)));
        }
        if (older > 0)
        {
            reasons.Add(Finding.Of("winter.olderPerson", rules, $"{older} older person(s) ({rules.OlderPersonAge}+): {rules.ExtraBlanketsPerOlderPerson} extra blanket each",
                0, ("olderPeople", older), ("olderPersonAge", rules.OlderPersonAge)));
        }
        if (people > 0)
        {
            reasons.Add(Finding.Of("winter.heating", rules,
                $"{rules.HeatersPerHousehold} heater and {rules.FuelLitresPerHouseholdPerMonth} litres of fuel a month for {rules.FuelMonths} months per household",
                0, ("fuelLitresPerMonth", rules.FuelLitresPerHouseholdPerMonth), ("fuelMonths", rules.FuelMonths)));
        }

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
            Reasons: reasons)
        {
            FuelLitresPerMonth = people == 0 ? 0 : rules.FuelLitresPerHouseholdPerMonth,
        };
    }
}
