using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.DevMailbox;
using IdpTracker.EndToEnd.Tests;
using IdpTracker.Messaging;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// A donor report sent while the system is under load, with Notifications dying at the one moment that can make a
/// recipient get it twice: after the mail server accepted it and before the delivery was recorded.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class ReportDeliveryFaultTests(FaultSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Notifications_dying_after_a_mail_server_took_a_report_sends_that_copy_again_with_the_same_message_id_and_every_donor_gets_it()
    {
        var donors = Enumerable.Range(1, 6).Select(i => $"donor{i}-{Guid.NewGuid():N}@fund.example").ToList();
        var received = new ConcurrentQueue<ReceivedMail>();
        void OnMail(ReceivedMail mail) { if (mail.To.Any(donors.Contains)) received.Enqueue(mail); }
        system.Mailbox.Received += OnMail;
        try
        {
            var report = Guid.Empty;
            await new FaultRun(system, output).TrialAsync("Notifications dies after-send-before-record", async run =>
            {
                await system.ArmAsync("Notifications", FaultPoint.AfterSendBeforeRecord, waitUntilReady: true);
                var subscribed = await system.Gateway.SubscribeOnceTheCentreIsKnownAsync(new
                {
                    organisation = "Fault Fund", emails = donors, cron = "0 0 1 1 *", timeZone = "Asia/Damascus", centres = run.Centres,
                });
                using var started = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscribed["id"]}/run", null);
                started.EnsureSuccessStatusCode();
                report = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
                await system.DiedAtAsync("Notifications", FaultPoint.AfterSendBeforeRecord);
                run.Log($"Notifications died after a mail server took the report ({received.Count} copy received, not recorded)");
                await system.StartAgainUnarmedAsync("Notifications");
                run.Log("Notifications started again without the fault point");
            });

            await Eventually.True(async () =>
            {
                var deliveries = (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={report}"))!;
                return deliveries.Count == donors.Count && deliveries.All(d => d!["status"]!.GetValue<string>() == "sent");
            }, TimeSpan.FromSeconds(60), "every donor's delivery to be recorded as sent");
        }
        finally
        {
            system.Mailbox.Received -= OnMail;
        }

        var copies = donors.ToDictionary(donor => donor, donor => received.Where(mail => mail.To.Contains(donor)).ToList());
        output.WriteLine(string.Join("; ", copies.Select(c => $"{c.Key.Split('-')[0]}: {c.Value.Count} ({string.Join(", ", c.Value.Select(m => m.MessageId).Distinct())})")));
        // Every donor got the report; the copy caught by the crash came again with its Message-ID, so a mail client
        // shows it once; no other copy was sent twice.
        Assert.All(copies.Values, mails => Assert.Single(mails.Select(m => m.MessageId).Distinct()));
        Assert.Equal(donors.Count, copies.Values.Select(mails => mails[0].MessageId).Distinct().Count());
        Assert.Equal(donors.Count + 1, received.Count);
        Assert.Single(copies.Values, mails => mails.Count == 2);
    }
}
