using IdpTracker.Notifications.Model;

namespace IdpTracker.Notifications.Tests;

/// <summary>Failed deliveries are retried with growing pauses for at least 24 hours, then marked failed.</summary>
public class DeliveryBackoffTests
{
    private static readonly DeliveryOptions Defaults = new();
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void The_pause_doubles_from_a_minute_up_to_an_hour(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Backoff.After(attempts, Defaults));

    [Fact]
    public void A_recipient_down_for_a_day_is_tried_until_the_day_is_over_then_the_delivery_is_failed()
    {
        var delivery = new Delivery { Id = Guid.NewGuid(), Status = DeliveryStatus.Pending, NextAttemptAt = Start, RetryUntil = Start + Defaults.RetryFor };

        while (delivery.Status == DeliveryStatus.Pending) delivery.Record(delivery.NextAttemptAt!.Value, "SmtpCommandException: mailbox unavailable", Defaults);

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.True(delivery.FailedAt >= Start + TimeSpan.FromHours(23), $"failed at {delivery.FailedAt}");
        Assert.True(delivery.FailedAt <= Start + Defaults.RetryFor);
        Assert.Equal(delivery.Attempts, delivery.AttemptLog.Count);
        Assert.All(delivery.AttemptLog, a => Assert.False(a.Succeeded));
    }

    [Fact]
    public void A_resend_of_a_failed_delivery_gets_another_day()
    {
        var delivery = new Delivery { Id = Guid.NewGuid(), Status = DeliveryStatus.Failed, FailedAt = Start, RetryUntil = Start };

        delivery.Resend(Start.AddHours(2), Defaults);
        delivery.Record(Start.AddHours(2), null, Defaults);

        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Null(delivery.FailedAt);
        Assert.Equal(Start.AddHours(2), delivery.SentAt);
    }
}

public class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.5", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.100.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2a00:1450:4001:80b::200e", true)]
    public void Webhooks_go_to_public_addresses_only(string address, bool isPublic) =>
        Assert.Equal(isPublic, IdpTracker.Notifications.Model.WebhookSender.IsPublic(System.Net.IPAddress.Parse(address)));
}
