using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Notifications.Consumers;

/// <summary>
/// Takes a published report in: keeps its content and records one pending delivery per e-mail recipient and one for
/// the webhook, if any, with the inbox
/// row, in one transaction. Sending is <see cref="Jobs.SendDueDeliveriesJob"/>'s, so a recipient who cannot be reached
/// for a day does not hold the bus, and a redelivered event adds nothing.
/// </summary>
public sealed class RecordReportDeliveriesConsumer(NotificationsDbContext db, TimeProvider clock, IOptions<DeliveryOptions> options)
    : IConsumer<SituationReportPublished>
{
    public Task Consume(ConsumeContext<SituationReportPublished> context) =>
        db.ApplyOnceAsync(context, nameof(RecordReportDeliveriesConsumer), async () =>
        {
            var report = context.Message;
            var now = clock.GetUtcNow();
            await db.LockSubscriptionAsync(report.SubscriptionId, context.CancellationToken);
            // A webhook changed after the report was built, and that change already taken in, wins over the report's.
            var (webhookUrl, secretVersion) = await db.SubscriptionWebhooks.FirstOrDefaultAsync(w => w.SubscriptionId == report.SubscriptionId, context.CancellationToken) is { } changed
                                              && changed.SecretVersion > report.WebhookSecretVersion
                ? (changed.Url, changed.SecretVersion)
                : (report.WebhookUrl, report.WebhookSecretVersion);
            if (!await db.Reports.AnyAsync(r => r.ReportId == report.ReportId, context.CancellationToken))
            {
                db.Reports.Add(new ReportCopy
                {
                    ReportId = report.ReportId, SubscriptionId = report.SubscriptionId, Occurrence = report.Occurrence,
                    Subject = report.Subject, Html = report.HtmlBody, Text = report.TextBody, ReceivedAt = now,
                    WebhookBody = webhookUrl is null ? null : WebhookSender.Body(report),
                    Attachments = [.. report.Attachments],
                    ScopeAreas = [.. report.ScopeAreas],
                });
            }
            if (webhookUrl is { } url && !await db.Deliveries.AnyAsync(d => d.ReportId == report.ReportId && d.Channel == "webhook", context.CancellationToken))
            {
                db.Deliveries.Add(new Delivery
                {
                    Id = Guid.CreateVersion7(now), ReportId = report.ReportId, Channel = "webhook", Recipient = url, Status = DeliveryStatus.Pending,
                    MessageId = report.ReportId.ToString(), CreatedAt = now, NextAttemptAt = now, RetryUntil = now + options.Value.RetryFor,
                    WebhookSecretVersion = secretVersion,
                });
            }
            var known = await db.Deliveries.Where(d => d.ReportId == report.ReportId && d.Channel == "email")
                .Select(d => d.Recipient).ToListAsync(context.CancellationToken);
            foreach (var recipient in report.EmailRecipients.Distinct(StringComparer.OrdinalIgnoreCase).Except(known, StringComparer.OrdinalIgnoreCase))
            {
                db.Deliveries.Add(new Delivery
                {
                    Id = Guid.CreateVersion7(now), ReportId = report.ReportId, Channel = "email", Recipient = recipient, Status = DeliveryStatus.Pending,
                    MessageId = ReportMailer.MessageIdFor(report.ReportId, recipient), CreatedAt = now, NextAttemptAt = now,
                    RetryUntil = now + options.Value.RetryFor,
                });
            }
        });
}
