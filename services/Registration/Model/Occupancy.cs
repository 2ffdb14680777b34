using IdpTracker.Domain;

namespace IdpTracker.Registration.Model;

/// <param name="Count">How many present people share these facts: the database adds up a centre's people by them.</param>
public sealed record PresentPerson(Sex Sex, DateOnly DateOfBirth, Presence Presence = Presence.DayAndNight, int Count = 1);

public sealed record SexAgeCount(string Bracket, int Female, int Male, int Unknown);

public sealed record CapacityUse(int? Capacity, int People, int? Percent, string Level);

public sealed record Occupancy(
    DateOnly AsOf,
    int Households,
    int People,
    IReadOnlyList<SexAgeCount> BySexAndAge,
    CapacityUse Night,
    CapacityUse Day,
    decimal FloorAreaM2,
    decimal? SpacePerPersonM2,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Who is in a centre now against its capacity. Over capacity is a warning, never a refusal:
/// people are not turned away by software.
/// </summary>
public static class OccupancyRules
{
    public const int WarningPercent = 90;

    public static Occupancy Compute(Center center, int households, IReadOnlyCollection<PresentPerson> people, DateOnly asOf)
    {
        var byBracket = people.ToLookup(p => AgeBrackets.Of(p.DateOfBirth, asOf));
        int Sum(string bracket, Sex sex) => byBracket[bracket].Where(p => p.Sex == sex).Sum(p => p.Count);
        var bySexAndAge = AgeBrackets.All.Select(b => new SexAgeCount(b, Sum(b, Sex.Female), Sum(b, Sex.Male), Sum(b, Sex.Unknown))).ToList();

        // Night capacity is for the people who sleep here, day capacity for those here by day (docs/domain.md, "Occupancy").
        var night = Use(center.NightCapacity, people.Where(p => p.Presence.AtNight()).Sum(p => p.Count));
        var day = Use(center.DayCapacity, people.Where(p => p.Presence.ByDay()).Sum(p => p.Count));
        var total = people.Sum(p => p.Count);
        var warnings = new List<string>();
        Warn(warnings, "Night", night);
        Warn(warnings, "Day", day);

        return new Occupancy(asOf, households, total, bySexAndAge, night, day, center.FloorAreaM2,
            total == 0 ? null : Math.Round(center.FloorAreaM2 / total, 2), warnings);
    }

    private static CapacityUse Use(int? capacity, int people)
    {
        if (capacity is null or 0) return new CapacityUse(capacity, people, null, people > 0 && capacity == 0 ? "over" : "unknown");
        var percent = (int)Math.Round(100m * people / capacity.Value);
        var level = percent > 100 ? "over" : percent == 100 ? "full" : percent >= WarningPercent ? "near" : "ok";
        return new CapacityUse(capacity, people, percent, level);
    }

    private static void Warn(List<string> warnings, string period, CapacityUse use)
    {
        switch (use.Level)
        {
            case "over": warnings.Add($"{period} occupancy is over capacity ({use.People} people for {use.Capacity})."); break;
            case "full": warnings.Add($"{period} occupancy is at capacity ({use.People} people)."); break;
            case "near": warnings.Add($"{period} occupancy is at {use.Percent}% of capacity."); break;
        }
    }
}
