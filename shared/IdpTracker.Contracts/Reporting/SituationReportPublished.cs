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
    string TextBody);
