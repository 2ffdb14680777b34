using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>Signed webhooks to a real HTTP receiver the test runs, which fails once, then checks every request as docs/webhooks.md says.</summary>
[Collection(nameof(SystemCollection))]
public sealed class WebhookTests(SystemFixture system) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly HttpListener _receiver = new();
    private readonly ConcurrentQueue<(string IdempotencyKey, string Timestamp, string Signature, byte[] Body, int Answer, string Path)> _requests = new();
    private int _failuresLeft = 1;

    private string StartReceiver()
    {
        var port = FreePort.Next();
        _receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        _receiver.Start();
        _ = Task.Run(async () =>
        {
            while (_receiver.IsListening)
            {
                HttpListenerContext context;
                try { context = await _receiver.GetContextAsync(); } catch (Exception) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var answer = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
                _requests.Enqueue((context.Request.Headers["Idempotency-Key"] ?? "", context.Request.Headers["X-IdpTracker-Timestamp"] ?? "",
                    context.Request.Headers["X-IdpTracker-Signature"] ?? "", body.ToArray(), answer, context.Request.Url!.AbsolutePath));
                context.Response.StatusCode = answer;
                context.Response.Close();
            }
        });
        return $"http://127.0.0.1:{port}/hooks/idp";
    }

    /// <summary>The receiver's check, written from the documentation: HMAC-SHA256 of "{timestamp}.{body}" with the secret.</summary>
    private static bool Genuine(string secret, string timestamp, string signature, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) <= 300;
        return fresh && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
    }

    [Fact]
    public async Task A_report_is_posted_signed_to_the_webhook_retried_after_a_failure_and_recognisable_as_the_same_report()
    {
        var url = StartReceiver();
        var centre = await system.Gateway.CreateCenterAsync("Webhook school");
        var subscribed = await system.Gateway.SubscribeOnceTheCentreIsKnownAsync(new
        {
            organisation = "Hook Fund", cron = "0 0 1 1 *", timeZone = "Asia/Damascus", centres = new[] { centre }, webhookUrl = url,
        });
        var secret = subscribed["webhookSecret"]!.GetValue<string>();
        Assert.Null((await system.Gateway.GetJsonOrNullAsync($"api/reports/subscriptions/{subscribed["id"]}"))!["webhookSecret"]);

        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscribed["id"]}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        await Eventually.True(() => Task.FromResult(_requests.Any(r => r.Answer == 200)), Wait, "the webhook to get through");
        var requests = _requests.ToList();
        Assert.Equal([500, 200], requests.Select(r => r.Answer));
        Assert.All(requests, r => Assert.True(Genuine(secret, r.Timestamp, r.Signature, r.Body), "signature"));
        Assert.All(requests, r => Assert.Equal(report.ToString(), r.IdempotencyKey));
        Assert.False(Genuine(secret, requests[1].Timestamp, requests[1].Signature, [.. requests[1].Body, (byte)' ']), "a changed body must not pass");
        Assert.False(Genuine(secret, (long.Parse(requests[1].Timestamp) - 600).ToString(), requests[1].Signature, requests[1].Body), "an old timestamp must not pass");

        var summary = JsonNode.Parse(requests[1].Body)!;
        Assert.Equal(report, summary["reportId"]!.GetValue<Guid>());
        Assert.EndsWith($"/api/reports/{report}.csv", summary["links"]!["csv"]!.GetValue<string>());
        var delivery = await Eventually.Get(async () => (await system.Gateway.GetFromJsonAsync<JsonArray>($"api/notifications/deliveries?reportId={report}"))!
            .SingleOrDefault(d => d!["channel"]!.GetValue<string>() == "webhook" && d["status"]!.GetValue<string>() == "sent")?.AsObject(), Wait, "the delivery");
        Assert.Equal(2, delivery!.Int("attempts"));

        using var rotated = await system.Gateway.PatchAsJsonAsync($"api/reports/subscriptions/{subscribed["id"]}", new { rotateWebhookSecret = true });
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonObject>())!["webhookSecret"]!.GetValue<string>();
        Assert.NotEqual(secret, newSecret);

        // The receiver moves: its new address has a new secret, and a resend of the old report goes there, signed with it.
        using var moved = await system.Gateway.PatchAsJsonAsync($"api/reports/subscriptions/{subscribed["id"]}", new { webhookUrl = url + "/v2" });
        var movedSecret = (await moved.Content.ReadFromJsonAsync<JsonObject>())!["webhookSecret"]!.GetValue<string>();
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/notifications/deliveries/{delivery["id"]}"))?["recipient"]?.GetValue<string>() == url + "/v2",
            Wait, "the delivery to follow the webhook");
        using (var resent = await system.Gateway.PostAsync($"api/notifications/deliveries/{delivery["id"]}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        }
        await Eventually.True(() => Task.FromResult(_requests.Any(r => r.Path == "/hooks/idp/v2")), Wait, "the resend");
        var resend = _requests.First(r => r.Path == "/hooks/idp/v2");
        Assert.True(Genuine(movedSecret, resend.Timestamp, resend.Signature, resend.Body), "signed with the new secret");
        Assert.False(Genuine(secret, resend.Timestamp, resend.Signature, resend.Body), "not with the old one");
        Assert.Equal(report.ToString(), resend.IdempotencyKey);
        // The attempt log keeps where each attempt went.
        var log = await Eventually.Get(async () => (await system.Gateway.GetJsonOrNullAsync($"api/notifications/deliveries/{delivery["id"]}"))?["attemptLog"]?.AsArray()
            is { Count: 3 } attempts ? attempts : null, Wait, "the resend to be recorded");
        Assert.Equal([url, url, url + "/v2"], log.Select(a => a!["recipient"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_webhook_address_that_is_not_absolute_is_refused_naming_it()
    {
        using var subscribe = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Hook Fund", cron = "0 8 * * 1", timeZone = "Asia/Damascus", webhookUrl = "hooks/idp" });

        Assert.Equal(HttpStatusCode.BadRequest, subscribe.StatusCode);
        Assert.True((await subscribe.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("webhookUrl"));
    }

    public void Dispose()
    {
        if (_receiver.IsListening) _receiver.Stop();
        _receiver.Close();
    }
}
