using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdpTracker.Contracts.Reporting;
using IdpTracker.ServiceDefaults.Webhooks;
using Microsoft.Extensions.Options;

namespace IdpTracker.Notifications.Model;

/// <summary>
/// POSTs a report's summary and links to a subscription's receiver: signed (<see cref="WebhookSigning"/>), with the
/// report id as Idempotency-Key, so a receiver that gets it twice (a retry after a lost answer, a resend) can tell.
/// Any answer but 2xx is a failure, retried like an e-mail.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    /// <summary>The summary a receiver gets: what and when, the suppressed text, and where to fetch the rest.</summary>
    public static string Body(SituationReportPublished report) => JsonSerializer.Serialize(new
    {
        reportId = report.ReportId,
        subscriptionId = report.SubscriptionId,
        occurrence = report.Occurrence,
        subject = report.Subject,
        text = report.TextBody,
        links = report.Links,
    }, JsonSerializerOptions.Web);

    public async Task SendAsync(Delivery delivery, ReportCopy report, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(report.WebhookBody ?? throw new InvalidOperationException($"Report {report.ReportId} has no webhook body."));
        var secret = WebhookSigning.SecretFor(options.Value.Key, report.SubscriptionId, delivery.WebhookSecretVersion ?? 1);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Recipient) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSigning.IdempotencyKeyHeader, report.ReportId.ToString());
        request.Headers.Add(WebhookSigning.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigning.SignatureHeader, WebhookSigning.Sign(secret, timestamp, body));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }
}
