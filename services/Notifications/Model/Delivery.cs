namespace IdpTracker.Notifications.Model;

public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>
/// One report to one recipient on one channel. Unique per (report, channel, recipient): the record
/// that makes a redelivered event or a retried send deliver at most once.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public Guid ReportId { get; set; }
    public string Channel { get; set; } = "email";
    public string Recipient { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>Deterministic Message-ID, so a resend after a crash is recognisable as the same report.</summary>
    public string MessageId { get; set; } = "";
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
