using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// Connects only to public addresses, checked after DNS resolution (a name can point inside), so a webhook cannot
    /// be aimed at the services, the databases or a cloud metadata endpoint. A local receiver is allowed where
    /// insecure URLs are (development and tests).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectToPublicAddresses(bool allowLocal) =>
        async (context, cancellationToken) =>
        {
            var addresses = (await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken)).Where(a => allowLocal || WebhookAddresses.IsPublic(a)).ToArray();
            if (addresses.Length == 0) throw new HttpRequestException($"{context.DnsEndPoint.Host} has no public address; webhooks go to receivers on the internet only.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

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
