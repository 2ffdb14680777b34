using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy.Configuration;

namespace IdpTracker.Gateway;

/// <summary>The gateway is ready when every service behind it answers its liveness probe (at least one copy of each).</summary>
public sealed class DownstreamHealthCheck(IProxyConfigProvider proxyConfig, IHttpClientFactory httpClients) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var destinations = proxyConfig.GetConfig().Clusters
            .SelectMany(c => (c.Destinations ?? new Dictionary<string, DestinationConfig>()).Values.Select(d => (c.ClusterId, d.Address)));
        var results = await Task.WhenAll(destinations.Select(async d =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri(new Uri(d.Address), "/health/live"), cancellationToken);
                return (d.ClusterId, Up: response.IsSuccessStatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return (d.ClusterId, Up: false);
            }
        }));
        // With more than one copy of a service, one copy answering is enough: requests go to the copies that answer.
        var down = results.GroupBy(r => r.ClusterId).Where(g => !g.Any(r => r.Up)).Select(g => g.Key).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy("All services answer.")
            : HealthCheckResult.Unhealthy("Not answering: " + string.Join(", ", down));
    }
}
