using IdpTracker.Messaging;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Notifications.Jobs;

/// <summary>
/// Sends the deliveries that are due, a batch per transaction. Each row stays locked while it is sent, so two
/// instances never send the same one. A crash after the recipient accepted a message and before the commit sends it
/// again on restart: that residual window is why every message carries a Message-ID fixed per report and recipient.
/// </summary>
public sealed class SendDueDeliveriesJob(IServiceScopeFactory scopes, ReportMailer mailer, WebhookSender webhooks, TimeProvider timeProvider,
    IOptions<DeliveryOptions> options, ILogger<SendDueDeliveriesJob> logger) : PeriodicJob(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        var size = options.Value.BatchSize;
        var due = await db.Deliveries
            .FromSql($"SELECT * FROM deliveries WHERE status = 'Pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {size} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return false;
        var reportIds = due.Select(d => d.ReportId).Distinct().ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => reportIds.Contains(r.ReportId)).ToDictionaryAsync(r => r.ReportId, cancellationToken);

        foreach (var delivery in due)
        {
            string? error = null;
            try
            {
                var report = reports[delivery.ReportId];
                if (delivery.Channel == "webhook") await webhooks.SendAsync(delivery, report, cancellationToken);
                else await mailer.SendAsync(new ReportEmail(report.ReportId, delivery.Recipient, report.Subject, report.Html, report.Text, report.Attachments), cancellationToken);
                FaultPoint.Reach(FaultPoint.AfterSendBeforeRecord);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var message = $"{ex.GetType().Name}: {ex.Message}";
                error = message.Length > 1000 ? message[..1000] : message;
            }
            delivery.Record(Clock.GetUtcNow(), error, options.Value);
            if (error is null) logger.LogInformation("Report {ReportId} delivered by {Channel} (delivery {DeliveryId})", delivery.ReportId, delivery.Channel, delivery.Id);
            else if (delivery.Status == DeliveryStatus.Failed)
            {
                logger.LogError("Delivery {DeliveryId} of report {ReportId} failed for good after {Attempts} attempts: {Error}", delivery.Id, delivery.ReportId, delivery.Attempts, error);
            }
            else
            {
                logger.LogWarning("Delivery {DeliveryId} of report {ReportId} failed (attempt {Attempts}), next at {NextAttemptAt}: {Error}",
                    delivery.Id, delivery.ReportId, delivery.Attempts, delivery.NextAttemptAt, error);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count == size;
    }
}
