using IdpTracker.Domain;

namespace IdpTracker.Needs.Model;

/// <summary>
/// The last day an assessment stays what assessing the household again would give, with the same facts, rules,
/// shelter and alerts: only the calendar moves it (docs/domain.md, "Assessed again"). A child turns 2 or 5, a person
/// turns the older-person age, a head under 18 has a birthday (the child-headed finding names the head's age), the
/// newly-displaced window passes (its finding counts the days, so a household inside it changes every day), a
/// month outside the winter season ends (its finding names the month), the season ends. The daily re-evaluation
/// takes only the households past that day.
/// </summary>
public static class AssessmentExpiry
{
    private const int ChildHeadedBelow = 18;

    public static DateOnly LastDay(IReadOnlyCollection<AssessedMember> members, DateOnly? displacedOn, RuleSet rules, DateOnly asOf, params string?[] areaCodes)
    {
        var last = DateOnly.MaxValue;
        foreach (var member in members)
        {
            var age = Age.InYears(member.DateOfBirth, asOf);
            int[] thresholds = member.IsHead && age < ChildHeadedBelow ? [age + 1] : [2, 5, rules.OlderPersonAge];
            foreach (var years in thresholds.Where(years => years > age))
            {
                if (member.DateOfBirth.Year + years <= DateOnly.MaxValue.Year) last = Min(last, member.DateOfBirth.AddYears(years).AddDays(-1));
            }
        }
        if (displacedOn is { } since)
        {
            if (since > asOf) last = Min(last, since.AddDays(-1));
            else if (asOf.DayNumber - since.DayNumber <= rules.NewlyDisplacedDays) last = asOf;
        }
        return Min(last, LastDayOfSeasonOrMonth(rules, asOf, areaCodes));
    }

    /// <summary>In the season, its last day; outside it, the month's last day (the finding names the month).</summary>
    private static DateOnly LastDayOfSeasonOrMonth(RuleSet rules, DateOnly asOf, string?[] areaCodes)
    {
        var (start, end, _) = rules.SeasonFor(areaCodes);
        var month = new DateOnly(asOf.Year, asOf.Month, 1);
        if (!RuleSet.InSeason(month.Month, start, end)) return month.AddMonths(1).AddDays(-1);
        for (var next = month.AddMonths(1); next <= month.AddMonths(12); next = next.AddMonths(1))
        {
            if (!RuleSet.InSeason(next.Month, start, end)) return next.AddDays(-1);
        }
        return DateOnly.MaxValue; // a season all year round
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
