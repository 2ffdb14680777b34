using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using IdpTracker.EndToEnd.Tests;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// Field workers registering families while something fails: each client sends households one after another, and a
/// request whose outcome it does not know (an error, a timeout, a dropped connection) is sent again with the same id and
/// the same content until it is answered 2xx, as the phone app does. What each request got, and when, is the history
/// the checker reads.
/// </summary>
public sealed class Workload(HttpClient gateway, IReadOnlyList<Guid> centres, int clients = 8)
{
    /// <summary>Each client's pause between two families: eight clients send about 30 households a second.</summary>
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one request may take before the client gives up on it and sends it again.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<Guid, (Guid Centre, int People)> _acknowledged = new();
    private readonly ConcurrentDictionary<Guid, (Guid Centre, int Blankets)> _distributed = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>A request that got no 2xx: when (seconds since the workload started), and what it got.</summary>
    public sealed record Failure(double At, string What);

    public IReadOnlyDictionary<Guid, (Guid Centre, int People)> Acknowledged => _acknowledged;
    public IReadOnlyCollection<Failure> Failures => _failures;

    /// <summary>Blankets handed out to a centre, by distribution id, that were answered 2xx.</summary>
    public IReadOnlyDictionary<Guid, (Guid Centre, int Blankets)> Distributed => _distributed;
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Households answered 2xx so far.</summary>
    public int Done => _acknowledged.Count;

    /// <summary>Runs until <see cref="StopAsync"/>; a household already sent is sent until acknowledged even then.</summary>
    public Task RunAsync() => _running ??= Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync))
        .Append(Task.Run(DistributorAsync)));

    private Task? _running;

    /// <summary>Sends no new household, and waits until every one sent is acknowledged.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await (_running ?? Task.CompletedTask).WaitAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>Waits until at least <paramref name="count"/> households were acknowledged, so a fault lands mid-load.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Done < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"only {Done} of {count} households acknowledged in {timeout}");
            await Task.Delay(100);
        }
    }

    private async Task ClientAsync()
    {
        var random = new Random(Guid.NewGuid().GetHashCode());
        while (!_stop.IsCancellationRequested)
        {
            var id = Guid.NewGuid();
            var centre = centres[random.Next(centres.Count)];
            var people = 1 + random.Next(6);
            var members = Enumerable.Range(0, people).Select(i => Api.Member(
                random.Next(2) == 0 ? "female" : "male", Api.Born(i == 0 ? 20 + random.Next(50) : random.Next(80), random.Next(12)), i == 0 ? "head" : "child"));
            // Built once: every retry sends exactly the same bytes, as a phone resending its stored record does.
            var body = JsonSerializer.Serialize(Api.Household(centre, members.ToArray()), Api.Json);
            await SendUntilAcknowledgedAsync(HttpMethod.Put, $"api/households/{id}", body);
            _acknowledged[id] = (centre, people);
            try { await Task.Delay(Pace, _stop.Token); } catch (OperationCanceledException) { /* stopping */ }
        }
    }

    /// <summary>
    /// Blankets handed out at the centres, about one record a second, recorded the same way (the device's id, resent
    /// until answered). A client of its own: waiting out a Needs outage does not hold up the registrations.
    /// </summary>
    private async Task DistributorAsync()
    {
        var random = new Random(Guid.NewGuid().GetHashCode());
        while (!_stop.IsCancellationRequested)
        {
            var distribution = Guid.NewGuid();
            var centre = centres[random.Next(centres.Count)];
            var blankets = 1 + random.Next(20);
            await SendUntilAcknowledgedAsync(HttpMethod.Post, "api/needs/distributions", JsonSerializer.Serialize(new
            {
                id = distribution, item = "blanket", quantity = blankets, centerId = centre, deliveredOn = DateOnly.FromDateTime(DateTime.UtcNow),
            }, Api.Json));
            _distributed[distribution] = (centre, blankets);
            try { await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token); } catch (OperationCanceledException) { /* stopping */ }
        }
    }

    private async Task SendUntilAcknowledgedAsync(HttpMethod method, string path, string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            string what;
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var request = new HttpRequestMessage(method, path) { Content = content };
                using var response = await gateway.SendAsync(request, timeout.Token);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) return;
                what = $"{(int)response.StatusCode}";
                if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
                {
                    // The same content under the same id is never a conflict: this is a defect, not a fault to wait out.
                    throw new InvalidOperationException($"{method} {path} answered {what} on attempt {attempt}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                what = ex is HttpRequestException http ? $"connection: {http.HttpRequestError}" : "timeout";
            }
            _failures.Enqueue(new Failure(Now, what));
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 250 * attempt)));
        }
    }
}
