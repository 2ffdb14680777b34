namespace IdpTracker.Domain;

public static class Age
{
    /// <summary>Completed years on <paramref name="asOf"/>; a birthday counts from its own day.</summary>
    public static int InYears(DateOnly dateOfBirth, DateOnly asOf)
    {
        var years = asOf.Year - dateOfBirth.Year;
        if (asOf < dateOfBirth.AddYears(years)) years--;
        return Math.Max(years, 0);
    }
}

/// <summary>
/// Standard humanitarian age brackets. Computed when needed from the stored date of birth,
/// never stored, so a child moves bracket on their birthday.
/// </summary>
public static class AgeBrackets
{
    public static readonly IReadOnlyList<string> All = ["0-4", "5-11", "12-17", "18-59", "60+"];

    public static string Of(DateOnly dateOfBirth, DateOnly asOf) => Age.InYears(dateOfBirth, asOf) switch
    {
        < 5 => "0-4",
        < 12 => "5-11",
        < 18 => "12-17",
        < 60 => "18-59",
        _ => "60+",
    };

    private static readonly int[] Starts = [5, 12, 18, 60];

    /// <summary>The last day someone born on <paramref name="dateOfBirth"/> stays in the bracket they are in on <paramref name="asOf"/>.</summary>
    public static DateOnly LastDayIn(DateOnly dateOfBirth, DateOnly asOf)
    {
        var age = Age.InYears(dateOfBirth, asOf);
        var next = Starts.Where(start => start > age).Select(start => (int?)start).FirstOrDefault();
        return next is { } years && dateOfBirth.Year + years <= DateOnly.MaxValue.Year ? dateOfBirth.AddYears(years).AddDays(-1) : DateOnly.MaxValue;
    }
}

/// <summary>Sex as figures count it: female, male, or unknown for anything else (not given, or another answer).</summary>
public static class Sexes
{
    public static string Counted(string sex) => sex is "female" or "male" ? sex : "unknown";
}
