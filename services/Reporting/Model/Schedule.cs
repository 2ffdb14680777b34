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
    /// The scheduled times after <paramref name="from"/> up to and including <paramref name="to"/>, in UTC, read in the
    /// subscription's time zone, so "08:00 Europe/Berlin" is 07:00 UTC in winter and 06:00 UTC in summer. Each names
    /// its report: a job that runs late or twice builds the same ones.
    /// </summary>
    public static IEnumerable<DateTimeOffset> Occurrences(string cron, string timeZone, DateTimeOffset from, DateTimeOffset to)
    {
        if (!TryParse(cron, timeZone, out var expression, out var zone) || to <= from) return [];
        return expression!.GetOccurrences(from.UtcDateTime, to.UtcDateTime, zone!, fromInclusive: false, toInclusive: true)
            .Select(o => new DateTimeOffset(o, TimeSpan.Zero));
    }

    /// <summary>
    /// The scheduled time before <paramref name="occurrence"/> (within 35 days), or null. Looked for in a day first, so an
    /// every-minute schedule does not list five weeks of minutes.
    /// </summary>
    public static DateTimeOffset? Previous(string cron, string timeZone, DateTimeOffset occurrence) =>
        new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(35) }
            .Select(back => Occurrences(cron, timeZone, occurrence - back, occurrence.AddTicks(-1)).Select(o => (DateTimeOffset?)o).LastOrDefault())
            .FirstOrDefault(previous => previous is not null);
}
