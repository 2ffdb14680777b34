using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Consumers;

/// <summary>
/// Points the webhook deliveries of a subscription's reports at its new address and secret, whatever their state, so
/// a retry or a resend after the change reaches the receiver signed as it now expects. A removed webhook ends the
/// deliveries still pending. Older changes arriving late are ignored by the secret version.
/// </summary>
public sealed class RepointWebhookDeliveriesConsumer(NotificationsDbContext db, TimeProvider clock) : IConsumer<SubscriptionWebhookChanged>
{
    public Task Consume(ConsumeContext<SubscriptionWebhookChanged> context) =>
        db.ApplyOnceAsync(context, nameof(RepointWebhookDeliveriesConsumer), async () =>
        {
            var change = context.Message;
            await db.LockSubscriptionAsync(change.SubscriptionId, context.CancellationToken);
            var latest = await db.SubscriptionWebhooks.FirstOrDefaultAsync(w => w.SubscriptionId == change.SubscriptionId, context.CancellationToken);
            if (latest is null)
            {
                latest = new SubscriptionWebhook { SubscriptionId = change.SubscriptionId };
                db.SubscriptionWebhooks.Add(latest);
            }
            if (latest.SecretVersion >= change.WebhookSecretVersion) return;
            latest.Url = change.WebhookUrl;
            latest.SecretVersion = change.WebhookSecretVersion;
            var deliveries = await db.Deliveries
                .Where(d => d.Channel == "webhook" && (d.WebhookSecretVersion ?? 0) < change.WebhookSecretVersion
                            && db.Reports.Any(r => r.ReportId == d.ReportId && r.SubscriptionId == change.SubscriptionId))
                .ToListAsync(context.CancellationToken);
            foreach (var delivery in deliveries)
            {
                delivery.WebhookSecretVersion = change.WebhookSecretVersion;
                if (change.WebhookUrl is { } url)
                {
                    delivery.Recipient = url;
                }
                else if (delivery.Status == DeliveryStatus.Pending)
                {
                    delivery.Status = DeliveryStatus.Failed;
                    delivery.FailedAt = clock.GetUtcNow();
                    delivery.NextAttemptAt = null;
                    delivery.LastError = "The subscription's webhook was removed.";
                }
            }
        });
}
