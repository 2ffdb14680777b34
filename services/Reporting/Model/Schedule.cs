using Cronos;

namespace IdpTracker.Reporting.Model;

/// <summary>A subscription's cadence: a five-field cron expression read in an IANA time zone.</summary>
public static class Schedule
{
    public static bool TryParse(string? cron, string? timeZone, out CronExpression? expression, out TimeZoneInfo? zone)
    {
        expression = null;
        zone = null;
        if (string.IsNullOrWhiteSpace(cron) || string.IsNullOrWhiteSpace(timeZone)) return false;
        return CronExpression.TryParse(cron, CronFormat.Standard, out expression)
            && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone);
    }

    public static bool IsValidCron(string? cron) => !string.IsNullOrWhiteSpace(cron) && CronExpression.TryParse(cron, CronFormat.Standard, out _);

    public static bool IsValidTimeZone(string? timeZone) => !string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _);

    /// <summary>
    /// The scheduled time a run at <paramref name="now"/> belongs to: the latest occurrence at or before now.
    /// It names the report, so a job that runs late or twice builds the same one.
    /// </summary>
    public static DateTimeOffset? LatestOccurrence(string cron, string timeZone, DateTimeOffset now, TimeSpan lookBack)
    {
        if (!TryParse(cron, timeZone, out var expression, out var zone)) return null;
        var occurrence = expression!.GetOccurrences(now - lookBack, now, zone!, fromInclusive: true, toInclusive: true).LastOrDefault();
        return occurrence == default ? null : occurrence;
    }
}
