namespace IdpTracker.Reporting.Model;

/// <summary>A donor's standing order for situation reports: who, how often, where to send.</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public string Organisation { get; set; } = "";
    public List<string> Emails { get; set; } = [];
    /// <summary>Five-field cron expression, evaluated in <see cref="TimeZone"/>.</summary>
    public string Cron { get; set; } = "";
    /// <summary>IANA time zone id, e.g. Asia/Damascus.</summary>
    public string TimeZone { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public string RecurringJobId => $"situation-report:{Id}";
}
