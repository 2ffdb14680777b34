namespace IdpTracker.Reporting.Model;

/// <summary>
/// One built report, immutable. (SubscriptionId, Occurrence) is unique: a job that runs twice for
/// the same scheduled time finds the report already there and builds nothing.
/// </summary>
public sealed class SituationReport
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public DateTimeOffset Occurrence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Subject { get; set; } = "";
    public string Html { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>HXL-tagged CSV, suppressed like the e-mail.</summary>
    public string Csv { get; set; } = "";
    /// <summary>The PDF edition (A4); empty for reports built before PDFs were made.</summary>
    public byte[] Pdf { get; set; } = [];
    public ReportFigures Figures { get; set; } = new();
    /// <summary>
    /// The admin codes the report covered when it was built (its subscription's areas and centres' districts; empty for
    /// every area): who may read it, whatever the subscription's scope became later.
    /// </summary>
    public List<string> ScopeAreas { get; set; } = [];

    public string FileName(string extension) => $"situation-report-{Occurrence:yyyy-MM-dd-HHmm}.{extension}";
}
