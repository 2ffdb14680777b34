using IdpTracker.Contracts.Reporting;

namespace IdpTracker.Notifications.Model;

public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>
/// One report to one recipient on one channel. Unique per (report, channel, recipient): the record that makes a
/// redelivered event deliver at most once. Sending is retried with growing pauses until <see cref="RetryUntil"/>, then
/// the delivery is marked failed; a coordinator can send it again.
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
    /// <summary>When a pending delivery is tried next.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Retries stop here and the delivery is marked failed.</summary>
    public DateTimeOffset RetryUntil { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public List<DeliveryAttempt> AttemptLog { get; set; } = [];
    /// <summary>For a webhook: which version of the subscription's secret signs it.</summary>
    public int? WebhookSecretVersion { get; set; }

    /// <summary>The outcome of one try: sent, or a pause before the next one, or failed for good once the window is over.</summary>
    public void Record(DateTimeOffset at, string? error, DeliveryOptions options)
    {
        Attempts++;
        LastAttemptAt = at;
        AttemptLog.Add(new DeliveryAttempt { DeliveryId = Id, AttemptedAt = at, Recipient = Recipient, Succeeded = error is null, Error = error });
        if (error is null)
        {
            Status = DeliveryStatus.Sent;
            SentAt = at;
            LastError = null;
            NextAttemptAt = null;
            return;
        }
        LastError = error;
        var next = at + Backoff.After(Attempts, options);
        if (next > RetryUntil)
        {
            Status = DeliveryStatus.Failed;
            FailedAt = at;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = next;
        }
    }

    /// <summary>A coordinator asks for it again (lost, or failed): a new retry window from now, the same Message-ID.</summary>
    public void Resend(DateTimeOffset now, DeliveryOptions options)
    {
        Status = DeliveryStatus.Pending;
        NextAttemptAt = now;
        RetryUntil = now + options.RetryFor;
        FailedAt = null;
    }
}

/// <summary>One try to deliver, kept so a coordinator can see what happened and when.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    /// <summary>Where this attempt went: a webhook delivery follows its subscription's address when it changes.</summary>
    public string? Recipient { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
}

public sealed class DeliveryOptions
{
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a delivery is retried before it is marked failed: at least a day, a long outage on the recipient's side.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public int BatchSize { get; set; } = 20;
}

/// <summary>Exponential pauses between tries: 1, 2, 4, 8... minutes, at most an hour.</summary>
public static class Backoff
{
    public static TimeSpan After(int attempts, DeliveryOptions options)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        var pause = TimeSpan.FromTicks((long)Math.Min(options.FirstRetryAfter.Ticks * factor, options.MaxRetryInterval.Ticks));
        return pause;
    }
}

/// <summary>What Notifications keeps of a published report to deliver it, and retry it, without asking Reporting.</summary>
public sealed class ReportCopy
{
    public Guid ReportId { get; set; }
    public Guid SubscriptionId { get; set; }
    public DateTimeOffset Occurrence { get; set; }
    public string Subject { get; set; } = "";
    public string Html { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>The exact JSON a webhook receiver gets: fixed at receipt, so every retry sends the same bytes.</summary>
    public string? WebhookBody { get; set; }
    /// <summary>The files the e-mail carries (PDF, HXL CSV), as the subscription chose.</summary>
    public List<ReportAttachment> Attachments { get; set; } = [];
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The admin codes the report covers (see SituationReportPublished.ScopeAreas): who may follow its deliveries.</summary>
    public List<string> ScopeAreas { get; set; } = [];
}

/// <summary>A subscription's webhook as last changed (address and secret version), for reports whose event arrives after the change.</summary>
public sealed class SubscriptionWebhook
{
    public Guid SubscriptionId { get; set; }
    public string? Url { get; set; }
    public int SecretVersion { get; set; }
}
