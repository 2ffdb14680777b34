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
    /// <summary>Areas (adm1 or adm2 codes) the report covers; with <see cref="Centres"/> empty too, every centre.</summary>
    public List<string> Areas { get; set; } = [];
    /// <summary>Centres the report covers, besides those of <see cref="Areas"/>.</summary>
    public List<Guid> Centres { get; set; } = [];
    /// <summary>From when the current cadence holds: missed occurrences are caught up from here, never from before a change.</summary>
    public DateTimeOffset ScheduledFrom { get; set; }
    /// <summary>"en" or "ar" (right to left); see <see cref="ReportLanguage"/>.</summary>
    public string Language { get; set; } = "en";
    /// <summary>What the e-mail carries: "html" (the report as the e-mail's body; otherwise text only), "pdf" and "csv" (attached).</summary>
    public List<string> Formats { get; set; } = [.. ReportFormats.Default];
    /// <summary>Where each report is POSTed, signed (see WebhookSigning); null for e-mail only.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Raised to rotate the webhook secret; the secret is derived from it, never stored.</summary>
    public int WebhookSecretVersion { get; set; } = 1;
    /// <summary>Ended: no more reports; the ones built stay, immutable.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Whether a centre is in the report's scope.</summary>
    public bool Covers(Guid centreId, string adm1Code, string adm2Code) =>
        (Areas.Count == 0 && Centres.Count == 0) || Centres.Contains(centreId)
        || Areas.Contains(adm1Code, StringComparer.OrdinalIgnoreCase) || Areas.Contains(adm2Code, StringComparer.OrdinalIgnoreCase);

    public string RecurringJobId => $"situation-report:{Id}";
}

public static class ReportFormats
{
    public static readonly IReadOnlyList<string> All = ["html", "pdf", "csv"];
    public static readonly IReadOnlyList<string> Default = All;
    public const string Help = "Choose one or more of 'html' (the report as the e-mail's body), 'pdf' and 'csv' (attached).";

    public static bool AreKnown(IReadOnlyList<string>? formats) => formats is { Count: > 0 } && formats.All(f => All.Contains(f));

    /// <summary>In a fixed order, each once.</summary>
    public static List<string> Normalize(IEnumerable<string> formats) => All.Where(formats.Contains).ToList();
}
