using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.DevMailbox;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>E-mail delivery through a real SMTP server that refuses, then accepts.</summary>
[Collection(nameof(SystemCollection))]
public class DeliveryRetryTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_refused_email_is_retried_until_the_mailbox_takes_it_arrives_once_and_a_resend_carries_the_same_message_id()
    {
        var address = $"flaky-{Guid.NewGuid():N}@fund.example";
        var received = new ConcurrentQueue<ReceivedMail>();
        void OnMail(ReceivedMail mail) { if (mail.To.Contains(address)) received.Enqueue(mail); }
        system.Mailbox.Received += OnMail;
        system.Mailbox.Refuse = to => to == address;
        try
        {
            var centre = await system.Gateway.CreateCenterAsync("Delivery retry school");
            var subscribed = await system.Gateway.SubscribeOnceTheCentreIsKnownAsync(new
            {
                organisation = "Retry Fund", emails = new[] { address }, cron = "0 0 1 1 *", timeZone = "Asia/Damascus", centres = new[] { centre },
            });
            var subscription = subscribed["id"]!.GetValue<Guid>();
            using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscription}/run", null);
            var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

            async Task<JsonObject?> Delivery() => (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={report}"))!
                .SingleOrDefault()?.AsObject();
            var refused = await Eventually.Get(async () => await Delivery() is { } d && d.Int("attempts") >= 2 ? d : null, Wait, "two refused attempts");
            Assert.Equal("pending", refused!["status"]!.GetValue<string>());
            Assert.Contains("unavailable", refused["lastError"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            Assert.All(refused["attemptLog"]!.AsArray(), a => Assert.False(a!["succeeded"]!.GetValue<bool>()));
            Assert.NotNull(refused["nextAttemptAt"]);
            Assert.Empty(received);

            system.Mailbox.Refuse = null;
            var sent = await Eventually.Get(async () => await Delivery() is { } d && d["status"]!.GetValue<string>() == "sent" ? d : null, Wait, "the mailbox to take it");
            Assert.True(sent!["attemptLog"]!.AsArray().Last()!["succeeded"]!.GetValue<bool>());
            var first = Assert.Single(received);

            using var resend = await system.Gateway.PostAsync($"api/notifications/deliveries/{sent["id"]}/resend", null);
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
            await Eventually.True(() => Task.FromResult(received.Count == 2), Wait, "the resent e-mail");
            Assert.Equal(first.MessageId, received.Last().MessageId);
        }
        finally
        {
            system.Mailbox.Refuse = null;
            system.Mailbox.Received -= OnMail;
        }
    }
}
