using IdpTracker.ServiceDefaults.Webhooks;
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
    [InlineData("0.0.0.0", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("198.19.255.1", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::7f00:1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("2002:7f00:1::1", false)]
    [InlineData("2002:c0a8:101::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("198.20.0.1", true)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("2a00:1450:4001:80b::200e", true)]
    public void Webhooks_go_to_public_addresses_only(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(System.Net.IPAddress.Parse(address)));

    private static readonly WebhookOptions Production = new() { SigningKey = Convert.ToBase64String(new byte[32]) };

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/hook")]
    [InlineData("https://0x7f000001/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://017700000001/hook")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://198.18.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://rabbitmq/hook")]
    [InlineData("https://user:secret@example.org/hook")]
    [InlineData("https://fund.example.org@127.0.0.1/hook")]
    [InlineData("http://example.org/hook")]
    [InlineData("ftp://example.org/hook")]
    public async Task An_address_inside_or_in_a_disguised_form_is_refused_when_given(string url) =>
        Assert.NotNull(await WebhookAddresses.ProblemAsync(url, Production, CancellationToken.None));

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2a00:1450:4001:80b::200e]/hook")]
    [InlineData("https://receiver.fund.invalid/hook")]
    public async Task A_public_receiver_is_accepted(string url) =>
        Assert.Null(await WebhookAddresses.ProblemAsync(url, Production, CancellationToken.None));

    [Fact]
    public async Task A_local_receiver_is_accepted_only_where_the_deployment_allows_it()
    {
        var development = new WebhookOptions { SigningKey = Production.SigningKey, AllowHttp = true, AllowPrivateAddresses = true };

        Assert.Null(await WebhookAddresses.ProblemAsync("http://127.0.0.1:9000/hook", development, CancellationToken.None));
        Assert.Equal("Webhooks are sent over https only.",
            await WebhookAddresses.ProblemAsync("http://127.0.0.1:9000/hook", new WebhookOptions { SigningKey = Production.SigningKey, AllowPrivateAddresses = true }, CancellationToken.None));
    }
}
