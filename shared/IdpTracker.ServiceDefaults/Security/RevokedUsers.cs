using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpTracker.ServiceDefaults.Security;

/// <summary>Users disabled recently, and when: their tokens issued before that moment are refused.</summary>
public sealed class RevokedUsers
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revokedAt = new();

    public bool IsRevoked(string subject, DateTime issuedAtUtc) =>
        _revokedAt.TryGetValue(subject, out var at) && new DateTimeOffset(issuedAtUtc, TimeSpan.Zero) <= at;

    public void Replace(IEnumerable<Revocation> revocations)
    {
        var latest = revocations.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Max(r => r.RevokedAt));
        foreach (var gone in _revokedAt.Keys.Except(latest.Keys)) _revokedAt.TryRemove(gone, out _);
        foreach (var (user, at) in latest) _revokedAt[user] = at;
    }
}

public sealed record Revocation(string UserId, DateTimeOffset RevokedAt);

/// <summary>
/// Reads Identity's list of recent revocations. Access tokens live ten minutes and this list covers
/// longer, so a disabled user's token stops working at the next read (every 15 seconds), in every service.
/// </summary>
public sealed class RevocationPoller(HttpClient http, RevokedUsers revoked, IOptions<AuthOptions> options, ILogger<RevocationPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var url = options.Value.Authority.TrimEnd('/') + "/internal/revocations";
        using var timer = new PeriodicTimer(options.Value.RevocationPollInterval);
        do
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add(AuthOptions.InternalApiKeyHeader, options.Value.InternalApiKey);
                using var response = await http.SendAsync(request, stoppingToken);
                response.EnsureSuccessStatusCode();
                revoked.Replace(await response.Content.ReadFromJsonAsync<List<Revocation>>(stoppingToken) ?? []);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not read revoked users from Identity: {Reason}", ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
