namespace IdpTracker.Reporting.Model;

/// <summary>Standard humanitarian age brackets, computed per report from the stored date of birth.</summary>
public static class AgeBrackets
{
    public static readonly IReadOnlyList<string> All = ["0-4", "5-11", "12-17", "18-59", "60+"];

    public static string Of(DateOnly dateOfBirth, DateOnly asOf)
    {
        var age = asOf.Year - dateOfBirth.Year;
        if (asOf < dateOfBirth.AddYears(age)) age--;
        return age switch
        {
            < 5 => "0-4",
            < 12 => "5-11",
            < 18 => "12-17",
            < 60 => "18-59",
            _ => "60+",
        };
    }
}
