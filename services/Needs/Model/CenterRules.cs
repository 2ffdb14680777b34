namespace IdpTracker.Needs.Model;

public enum CenterStatus { Ok, Warning, Critical }

/// <summary>
/// What the centre rules look at: the place, and how many people are in it now: all of them (space, toilets, water),
/// those who sleep there (night occupancy) and those there by day (day occupancy).
/// </summary>
public sealed record CenterConditions(decimal FloorAreaM2, int NightCapacity, int? DayCapacity, int ToiletsFemale, int ToiletsMale, int People,
    string? Adm1Code = null, string? Adm2Code = null, int? PeopleAtNight = null, int? PeopleByDay = null)
{
    public static CenterConditions Of(CenterProfile c, int people, int? atNight = null, int? byDay = null) =>
        new(c.FloorAreaM2, c.NightCapacity, c.DayCapacity, c.ToiletsFemale, c.ToiletsMale, people, c.Adm1Code, c.Adm2Code, atNight, byDay);

    public static CenterConditions Of(CenterProfile c, IEnumerable<TallyGroup> groups)
    {
        var list = groups.ToList();
        return Of(c, list.Sum(g => g.People), list.Where(g => Presences.AtNight(g.Presence)).Sum(g => g.People),
            list.Where(g => Presences.ByDay(g.Presence)).Sum(g => g.People));
    }
}

public sealed record CenterEvaluation(
    int People,
    decimal? SpacePerPersonM2,
    decimal RequiredM2PerPerson,
    bool MeetsSpaceStandard,
    int? NightOccupancyPercent,
    int? DayOccupancyPercent,
    decimal? PeoplePerToilet,
    int WaterLitresPerDay,
    CenterStatus Status,
    string RuleSetVersion,
    IReadOnlyList<Finding> Reasons);

/// <summary>
/// A collective centre against the rule set: covered space per person, night and day occupancy against capacity,
/// people per toilet, the female to male toilet ratio and the water needed per day. Capacity is a warning, never a
/// refusal: people are not turned away by software.
/// </summary>
public static class CenterRules
{
    public static CenterEvaluation Evaluate(CenterConditions centre, RuleSet rules, DateOnly asOf)
    {
        var people = centre.People;
        var reasons = new List<(CenterStatus Level, Finding Finding)>();

        var cold = rules.ColdClimate && rules.InSeason(asOf, centre.Adm1Code, centre.Adm2Code);
        var required = cold ? rules.ColdClimateMinSpacePerPersonM2 : rules.MinSpacePerPersonM2;
        decimal? perPerson = people == 0 ? null : Math.Round(centre.FloorAreaM2 / people, 2);
        var meets = perPerson is null || perPerson >= required;
        if (!meets)
        {
            reasons.Add((perPerson < rules.MinSpacePerPersonM2 ? CenterStatus.Critical : CenterStatus.Warning,
                Finding.Of("centre.space", rules, $"{perPerson} m² per person, below the {required} m² {(cold ? "cold-climate " : "")}minimum",
                    0, ("floorAreaM2", centre.FloorAreaM2), ("people", people), ("requiredM2PerPerson", required))));
        }

        var night = Occupancy("night", centre.NightCapacity, centre.PeopleAtNight ?? people, rules, reasons);
        var day = centre.DayCapacity is { } dayCapacity ? Occupancy("day", dayCapacity, centre.PeopleByDay ?? people, rules, reasons) : null;

        var toilets = centre.ToiletsFemale + centre.ToiletsMale;
        decimal? perToilet = toilets == 0 ? null : Math.Round((decimal)people / toilets, 1);
        if (people > 0 && toilets == 0)
        {
            reasons.Add((CenterStatus.Critical, Finding.Of("centre.toilets", rules, "no toilets recorded for the people here", 0, ("people", people), ("toilets", 0))));
        }
        else if (perToilet > rules.MaxPeoplePerToiletFirstDays)
        {
            reasons.Add((CenterStatus.Critical, Finding.Of("centre.toilets", rules, $"{perToilet} people per toilet, over the {rules.MaxPeoplePerToiletFirstDays} of the first days",
                0, ("people", people), ("toilets", toilets))));
        }
        else if (perToilet > rules.MaxPeoplePerToilet)
        {
            reasons.Add((CenterStatus.Warning, Finding.Of("centre.toilets", rules, $"{perToilet} people per toilet, over the {rules.MaxPeoplePerToilet} to reach",
                0, ("people", people), ("toilets", toilets))));
        }
        if (toilets > 0 && centre.ToiletsFemale < rules.FemaleToiletsPerMaleToilet * centre.ToiletsMale)
        {
            reasons.Add((CenterStatus.Warning, Finding.Of("centre.toiletRatio", rules,
                $"{centre.ToiletsFemale} female to {centre.ToiletsMale} male toilets, short of {rules.FemaleToiletsPerMaleToilet}:1",
                0, ("toiletsFemale", centre.ToiletsFemale), ("toiletsMale", centre.ToiletsMale))));
        }

        var status = reasons.Count == 0 ? CenterStatus.Ok : reasons.Max(r => r.Level);
        return new CenterEvaluation(people, perPerson, required, meets, night, day, perToilet, people * rules.WaterLitresPerPersonPerDay,
            status, rules.Version, reasons.OrderByDescending(r => r.Level).Select(r => r.Finding).ToList());
    }

    private static int? Occupancy(string period, int capacity, int people, RuleSet rules, List<(CenterStatus, Finding)> reasons)
    {
        if (capacity <= 0) return null;
        var percent = (int)Math.Round(100m * people / capacity);
        if (percent >= 100)
        {
            reasons.Add((CenterStatus.Critical, Finding.Of($"centre.{period}Occupancy", rules, $"{Title(period)} occupancy {percent}% of capacity",
                0, ("people", people), ($"{period}Capacity", capacity))));
        }
        else if (percent >= rules.CapacityWarningPercent)
        {
            reasons.Add((CenterStatus.Warning, Finding.Of($"centre.{period}Occupancy", rules,
                $"{Title(period)} occupancy {percent}%, at or over the {rules.CapacityWarningPercent}% warning level",
                0, ("people", people), ($"{period}Capacity", capacity))));
        }
        return percent;
    }

    private static string Title(string period) => char.ToUpperInvariant(period[0]) + period[1..];
}
