using IdpTracker.Contracts.Reporting;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Consumers;

/// <summary>
/// E-mails a published report to each recipient once. The delivery row, not an inbox entry, is the
/// idempotency record here: a half-finished message (some recipients sent) must be resumed on
/// redelivery, not skipped.
/// </summary>
public sealed class EmailSituationReportConsumer(
    NotificationsDbContext db, ReportMailer mailer, TimeProvider clock, ILogger<EmailSituationReportConsumer> logger)
    : IConsumer<SituationReportPublished>
{
    public async Task Consume(ConsumeContext<SituationReportPublished> context)
    {
        var report = context.Message;
        var failures = 0;
        foreach (var recipient in report.EmailRecipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var delivery = await ClaimAsync(report.ReportId, recipient, context.CancellationToken);
            if (delivery.Status == DeliveryStatus.Sent) continue;

            delivery.Attempts++;
            delivery.LastAttemptAt = clock.GetUtcNow();
            try
            {
                await mailer.SendAsync(new ReportEmail(report.ReportId, recipient, report.Subject, report.HtmlBody, report.TextBody), context.CancellationToken);
                delivery.Status = DeliveryStatus.Sent;
                delivery.SentAt = clock.GetUtcNow();
                delivery.LastError = null;
                logger.LogInformation("Report {ReportId} e-mailed (delivery {DeliveryId})", report.ReportId, delivery.Id);
            }
            catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
            {
                failures++;
                delivery.LastError = ex.GetType().Name + ": " + ex.Message;
                logger.LogWarning(ex, "E-mailing report {ReportId} failed (delivery {DeliveryId}, attempt {Attempt})",
                    report.ReportId, delivery.Id, delivery.Attempts);
            }
            await db.SaveChangesAsync(context.CancellationToken);
        }

        // Let the bus retry with backoff; sent recipients are skipped next time.
        if (failures > 0) throw new ReportDeliveryException(report.ReportId, failures);
    }

    private async Task<Delivery> ClaimAsync(Guid reportId, string recipient, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var messageId = ReportMailer.MessageIdFor(reportId, recipient);
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO deliveries (id, report_id, channel, recipient, status, attempts, message_id, created_at)
            VALUES ({id}, {reportId}, 'email', {recipient}, 'Pending', 0, {messageId}, {now})
            ON CONFLICT (report_id, channel, recipient) DO NOTHING
            """, cancellationToken);
        return await db.Deliveries.FirstAsync(d => d.ReportId == reportId && d.Channel == "email" && d.Recipient == recipient, cancellationToken);
    }
}

public sealed class ReportDeliveryException(Guid reportId, int failures)
    : Exception($"{failures} recipient(s) of report {reportId} could not be reached yet.");
