namespace IdpTracker.Contracts.Reporting;

/// <summary>
/// A subscription's webhook moved to another address, was removed (<paramref name="WebhookUrl"/> null) or had its
/// secret rotated. Deliveries of reports built before the change follow it, so a receiver is never sent a report
/// signed with a secret it no longer holds. <paramref name="WebhookSecretVersion"/> grows with every change: a
/// consumer keeps the newest whatever order changes arrive in.
/// </summary>
public sealed record SubscriptionWebhookChanged(Guid SubscriptionId, string? WebhookUrl, int WebhookSecretVersion, DateTimeOffset ChangedAt);
