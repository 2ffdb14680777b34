namespace IdpTracker.Contracts.Reporting;

/// <summary>
/// A situation report was built for one occurrence of a donor subscription and is ready to deliver.
/// The content is aggregates after small-cell suppression: it never holds a person's data.
/// </summary>
public sealed record SituationReportPublished(
    Guid ReportId,
    Guid SubscriptionId,
    DateTimeOffset Occurrence,
    IReadOnlyList<string> EmailRecipients,
    string Subject,
    string HtmlBody,
    string TextBody)
{
    /// <summary>Where to POST the report's summary, if the subscription has a webhook; signed with the secret of this version.</summary>
    public string? WebhookUrl { get; init; }
    public int WebhookSecretVersion { get; init; }
    /// <summary>Links to the report as HTML, HXL CSV and JSON, for the webhook receiver.</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();
    /// <summary>Files the e-mail carries, as the subscription chose (the PDF, the HXL CSV). An empty HtmlBody means text only.</summary>
    public IReadOnlyList<ReportAttachment> Attachments { get; init; } = [];
    /// <summary>
    /// The admin codes the report covers (its areas and the districts of its centres); empty for a report on every
    /// area. Who may follow its deliveries: administrators, or a coordinator whose areas hold every one of them.
    /// </summary>
    public IReadOnlyList<string> ScopeAreas { get; init; } = [];
}

/// <param name="ContentType">e.g. "application/pdf", "text/csv; charset=utf-8".</param>
public sealed record ReportAttachment(string FileName, string ContentType, byte[] Content);
