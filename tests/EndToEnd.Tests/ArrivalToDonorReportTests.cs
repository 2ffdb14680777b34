using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.DevMailbox;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class ArrivalToDonorReportTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_arrival_reaches_needs_reporting_and_the_donor_email_through_the_gateway()
    {
        var gateway = system.Gateway;
        var centerId = await gateway.CreateCenterAsync("Al-Nashwa school 7", floorAreaM2: 30, nightCapacity: 10);

        // Household 1: mother (head), father, a baby of 10 months, a grandmother of 68: 3 female, 1 male.
        var first = Guid.NewGuid();
        using (var response = await gateway.PutAsJsonAsync($"api/households/{first}", Api.Household(centerId,
                   Api.Member("female", Api.Born(30), "head"),
                   Api.Member("male", Api.Born(35), "spouse"),
                   Api.Member("female", Api.Born(0, extraMonths: 10), "child"),
                   Api.Member("female", Api.Born(68), "parent", estimated: true))))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        // Household 2: father (head), mother, two children: 2 female, 2 male.
        var second = Guid.NewGuid();
        using (var response = await gateway.PutAsJsonAsync($"api/households/{second}", Api.Household(centerId,
                   Api.Member("male", Api.Born(40), "head"),
                   Api.Member("female", Api.Born(38), "spouse"),
                   Api.Member("male", Api.Born(8), "child"),
                   Api.Member("female", Api.Born(5), "child"))))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Needs: 4 people + 1 child under 2 + 1 older person = 6 blankets; a mattress each.
        var needs = await Eventually.Get(() => gateway.GetJsonOrNullAsync($"api/needs/households/{first}"), Wait, "household needs");
        Assert.Equal(4, needs.Int("people"));
        Assert.Equal(6, needs.Int("blankets"));
        Assert.Equal(4, needs.Int("mattresses"));
        Assert.Equal(1, needs.Int("heaters"));
        Assert.Equal((100, 400), (needs.Int("fuelLitresPerMonth"), needs.Int("fuelLitres")));

        // The centre: 8 people on 30 m² is 3.75 m² each, below the cold-climate 4.5 m²; 80% of 10 beds.
        var center = await Eventually.Get(async () =>
            await gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}") is { } c && c.Int("people") == 8 ? c : null, Wait, "centre totals");
        Assert.Equal(3.75m, center["evaluation"]!["spacePerPersonM2"]!.GetValue<decimal>());
        Assert.Equal(4.5m, center["evaluation"]!["requiredM2PerPerson"]!.GetValue<decimal>());
        Assert.False(center["evaluation"]!["meetsSpaceStandard"]!.GetValue<bool>());
        Assert.Equal(80, center.Int("evaluation.nightOccupancyPercent"));
        Assert.Equal("warning", center["status"]!.GetValue<string>());
        Assert.Equal(["centre.space"], center["reasons"]!.AsArray().Select(r => r!["rule"]!.GetValue<string>()));
        Assert.Equal(10, center.Int("winterization.blankets")); // 6 + 4

        // Reporting: people by sex and age bracket at this centre, and the centre's status and needs as Needs summarized them.
        var figures = await Eventually.Get(async () =>
            await gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}") is { } f && f.Int("people") == 8
            && f["centers"]![0]!["status"]?.GetValue<string>() == "warning" ? f : null, Wait, "reporting figures and the centre's needs");
        Assert.Equal(2, figures.Int("households"));
        Assert.Equal(5, figures.Int("female"));
        Assert.Equal(3, figures.Int("male"));
        var brackets = figures["byAgeBracket"]!.AsArray().ToDictionary(b => b!["bracket"]!.GetValue<string>(), b => b!);
        Assert.Equal(1, brackets["0-4"]!.Int("female"));
        Assert.Equal(1, brackets["5-11"]!.Int("female"));
        Assert.Equal(1, brackets["5-11"]!.Int("male"));
        Assert.Equal(1, brackets["60+"]!.Int("female"));
        // Below the space standard: all 8 in need of shelter; each needs winter items, none received yet.
        var sectors = figures["sectors"]!.AsArray().ToDictionary(s => s!["sector"]!.GetValue<string>(), s => s!);
        Assert.Equal(8, sectors["shelter"]!.Int("inNeedTotal"));
        Assert.Equal((8, 0), (sectors["winterization"]!.Int("inNeedTotal"), sectors["winterization"]!.Int("reachedTotal")));

        // A donor subscription every minute: Hangfire builds the report and Notifications e-mails it.
        var donor = $"donor-{Guid.NewGuid():N}@relief.example.org";
        var received = new TaskCompletionSource<ReceivedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnMail(ReceivedMail mail) { if (mail.To.Contains(donor)) received.TrySetResult(mail); }
        system.Mailbox.Received += OnMail;
        try
        {
            using var subscribe = await gateway.PostAsJsonAsync("api/reports/subscriptions", new
            {
                organisation = "Relief Fund",
                emails = new[] { donor },
                cron = "* * * * *",
                timeZone = "Asia/Damascus",
                centres = new[] { centerId },
            });
            Assert.Equal(HttpStatusCode.Created, subscribe.StatusCode);
            var subscriptionId = (await subscribe.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

            var mail = await received.Task.WaitAsync(TimeSpan.FromSeconds(120));

            Assert.StartsWith("IdpTracker situation report for Relief Fund", mail.Subject);
            // 8 people, of whom 3 men: the men are "<5", and the 8 is withheld with them so it cannot narrow them down.
            Assert.Contains("Al-Nashwa school 7: Al-Hasakah / <5 / x /  /  / Warning", mail.Text);
            Assert.Contains("Al-Nashwa school 7", mail.Html);
            // Every format by default: the HTML body with its charts inline, the PDF and the HXL CSV attached.
            Assert.Equal(["application/pdf", "text/csv"], mail.Attachments.Select(a => a.ContentType).Order());
            Assert.Contains("Al-Nashwa school 7", Pdf.Text(mail.Attachments.Single(a => a.ContentType == "application/pdf").Content));
            Assert.NotEmpty(mail.InlineParts);
            Assert.All(mail.InlineParts, part => Assert.Contains($"cid:{part.ContentId}", mail.Html));
            Assert.DoesNotContain("data:image", mail.Html);
            // Aggregates only: no household id, no exact date of birth.
            Assert.DoesNotContain(first.ToString(), mail.Text + mail.Html);
            Assert.DoesNotContain(second.ToString(), mail.Text + mail.Html);
            Assert.DoesNotContain(Api.Born(68).ToString("yyyy-MM-dd"), mail.Text + mail.Html);

            var reports = await gateway.GetFromJsonAsync<JsonArray>($"api/reports?subscriptionId={subscriptionId}");
            // A report a minute: the one e-mailed is among them, named in its Message-ID.
            var reportId = reports!.Select(r => r!["id"]!.GetValue<Guid>()).Single(id => mail.MessageId.Contains(id.ToString("N")));
            var csv = await gateway.GetStringAsync($"api/reports/{reportId}.csv");
            Assert.Contains("Al-Nashwa school 7,x,<5", csv);
            Assert.DoesNotContain(first.ToString(), csv);
            var deliveries = await Eventually.Get(async () =>
                await gateway.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={reportId}") is { Count: 1 } d
                && d[0]!["status"]!.GetValue<string>() == "sent" ? d : null, Wait, "the delivery to be recorded as sent");
            Assert.Equal(donor, deliveries[0]!["recipient"]!.GetValue<string>());
        }
        finally
        {
            system.Mailbox.Received -= OnMail;
        }
    }
}
