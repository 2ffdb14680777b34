namespace IdpTracker.Needs.Model;

/// <summary>
/// Checks a rule set before it is published: every number in a range a real operation could use, and no rule that
/// valid input could never satisfy (a target no household can reach, fuel for more months than the season has).
/// Errors are keyed by the field's JSON path, e.g. "rules.seasonStartMonth".
/// </summary>
public static class RuleSetValidation
{
    /// <summary>Centre type codes Registration sends.</summary>
    public static readonly IReadOnlySet<string> CenterTypes =
        new HashSet<string> { "school", "mosque", "tentSite", "publicBuilding", "unfinishedBuilding", "collectiveShelter", "other" };

    public static Dictionary<string, string[]> Errors(RuleSet r)
    {
        var errors = new Dictionary<string, string[]>();
        void Range(string field, decimal value, decimal min, decimal max)
        {
            if (value < min || value > max) errors[$"rules.{field}"] = [$"Give a value from {min} to {max}."];
        }

        Range("minSpacePerPersonM2", r.MinSpacePerPersonM2, 0.5m, 50);
        Range("coldClimateMinSpacePerPersonM2", r.ColdClimateMinSpacePerPersonM2, 0.5m, 50);
        if (r.ColdClimateMinSpacePerPersonM2 < r.MinSpacePerPersonM2)
        {
            errors["rules.coldClimateMinSpacePerPersonM2"] = ["The cold-climate minimum cannot be below the minimum space per person."];
        }
        Range("capacityWarningPercent", r.CapacityWarningPercent, 1, 100);
        Range("maxPeoplePerToilet", r.MaxPeoplePerToilet, 1, 500);
        Range("maxPeoplePerToiletFirstDays", r.MaxPeoplePerToiletFirstDays, 1, 500);
        if (r.MaxPeoplePerToiletFirstDays < r.MaxPeoplePerToilet)
        {
            errors["rules.maxPeoplePerToiletFirstDays"] = ["The first days' limit cannot be stricter than the standard to reach (maxPeoplePerToilet)."];
        }
        Range("femaleToiletsPerMaleToilet", r.FemaleToiletsPerMaleToilet, 0, 10);
        Range("waterLitresPerPersonPerDay", r.WaterLitresPerPersonPerDay, 1, 500);
        Range("seasonStartMonth", r.SeasonStartMonth, 1, 12);
        Range("seasonEndMonth", r.SeasonEndMonth, 1, 12);
        Range("blanketsPerPerson", r.BlanketsPerPerson, 0, 10);
        Range("extraBlanketsPerChildUnder2", r.ExtraBlanketsPerChildUnder2, 0, 10);
        Range("extraBlanketsPerOlderPerson", r.ExtraBlanketsPerOlderPerson, 0, 10);
        Range("olderPersonAge", r.OlderPersonAge, 40, 100);
        Range("mattressesPerPerson", r.MattressesPerPerson, 0, 10);
        Range("clothingSetsPerPerson", r.ClothingSetsPerPerson, 0, 10);
        Range("heatersPerHousehold", r.HeatersPerHousehold, 0, 10);
        Range("fuelLitresPerHouseholdPerMonth", r.FuelLitresPerHouseholdPerMonth, 0, 2000);
        Range("fuelMonths", r.FuelMonths, 0, 12);
        Range("newlyDisplacedDays", r.NewlyDisplacedDays, 1, 365);
        var seasons = r.AreaSeasons.Select(s => (s.StartMonth, s.EndMonth)).Prepend((r.SeasonStartMonth, r.SeasonEndMonth));
        foreach (var (start, end) in seasons.Where(s => s.Item1 is >= 1 and <= 12 && s.Item2 is >= 1 and <= 12))
        {
            if (r.FuelMonths > SeasonMonths(start, end))
            {
                errors["rules.fuelMonths"] = [$"A season of months {start} to {end} has {SeasonMonths(start, end)} months; fuel cannot be due for more."];
            }
        }
        for (var i = 0; i < r.AreaSeasons.Count; i++)
        {
            var season = r.AreaSeasons[i];
            if (!IdpTracker.Domain.AdminCodes.IsValid(season.Area))
            {
                errors[$"rules.areaSeasons[{i}].area"] = [$"Give the area's adm1 or adm2 code, {IdpTracker.Domain.AdminCodes.Example}."];
            }
            else if (r.AreaSeasons.Take(i).Any(s => s.Area == season.Area))
            {
                errors[$"rules.areaSeasons[{i}].area"] = [$"{season.Area} already has a season."];
            }
            Range($"areaSeasons[{i}].startMonth", season.StartMonth, 1, 12);
            Range($"areaSeasons[{i}].endMonth", season.EndMonth, 1, 12);
        }

        var p = r.Priority;
        foreach (var (field, weight) in new[]
                 {
                     ("exposedShelter", p.ExposedShelter), ("unheatedShelter", p.UnheatedShelter), ("coldAlert", p.ColdAlert),
                     ("childUnder2", p.ChildUnder2), ("childUnder5", p.ChildUnder5), ("childHeaded", p.ChildHeaded),
                     ("femaleHeaded", p.FemaleHeaded), ("olderPerson", p.OlderPerson), ("disabilityOrMedical", p.DisabilityOrMedical), ("newlyDisplaced", p.NewlyDisplaced), ("repeatedlyDisplaced", p.RepeatedlyDisplaced),
                 })
        {
            Range($"priority.{field}", weight, 0, 1000);
        }
        if (p.ExposedShelterTypes.FirstOrDefault(t => !CenterTypes.Contains(t)) is { } unknown)
        {
            errors["rules.priority.exposedShelterTypes"] = [$"'{unknown}' is not a centre type; use {string.Join(", ", CenterTypes)}."];
        }
        if (r.TargetMinPriority < 0 || r.TargetMinPriority > HighestScore(p))
        {
            errors["rules.targetMinPriority"] = [$"Give a score from 0 to {HighestScore(p)}, the highest a household can reach with these weights."];
        }
        return errors;
    }

    /// <summary>The most a household can score: the heaviest of each group of criteria that exclude each other, added up.</summary>
    public static int HighestScore(PriorityWeights p) =>
        Math.Max(p.ExposedShelter, p.UnheatedShelter) + p.ColdAlert + Math.Max(p.ChildUnder2, p.ChildUnder5)
        + Math.Max(p.ChildHeaded, p.FemaleHeaded) + p.OlderPerson + p.DisabilityOrMedical + p.NewlyDisplaced + p.RepeatedlyDisplaced;

    private static int SeasonMonths(int start, int end) => Enumerable.Range(1, 12).Count(m => RuleSet.InSeason(m, start, end));
}
