namespace IdpTracker.Reporting.Model;

/// <summary>
/// Small-cell suppression for anything that leaves the service: a count from 1 to 4 could point to
/// identifiable people, so it is shown as "&lt;5". Zero is safe to show.
/// </summary>
public static class SmallCells
{
    public const int Threshold = 5;

    public static string Show(int count) => count is > 0 and < Threshold ? "<5" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
