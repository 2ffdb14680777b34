namespace IdpTracker.Domain;

/// <summary>
/// The displacement this system records began in 2011: an arrival, movement, distribution or alert dated earlier is a
/// phone's clock or a typing slip (year 1 or 1900), refused rather than stored.
/// </summary>
public static class RecordedDates
{
    public const int EarliestYear = 2011;
    public static readonly DateOnly Earliest = new(EarliestYear, 1, 1);
    public static readonly string TooEarly = $"This date is before {EarliestYear}. Check the phone's date and the year typed.";

    public static bool Credible(DateTimeOffset? at) => at is null || at.Value.UtcDateTime.Year >= EarliestYear;

    public static bool Credible(DateOnly? on) => on is null || on.Value >= Earliest;
}
