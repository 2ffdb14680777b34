using System.Net;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class ReadinessTests(SystemFixture system)
{
    [Theory]
    [InlineData("Identity")]
    [InlineData("Registration")]
    [InlineData("Needs")]
    [InlineData("Reporting")]
    [InlineData("Notifications")]
    public async Task Readiness_fails_while_the_database_is_unreachable_and_recovers_after(string service)
    {
        using var http = new HttpClient { BaseAddress = system.Services[service].BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var relay = system.DatabaseRelays[service];

        try
        {
            relay.Cut();
            await Eventually.True(async () =>
            {
                using var ready = await http.GetAsync("health/ready");
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable
                    && (await ready.Content.ReadAsStringAsync()).Contains("\"database\":{\"status\":\"Unhealthy\"");
            }, TimeSpan.FromSeconds(30), $"{service} to report its database unreachable");

            using var live = await http.GetAsync("health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            relay.Restore();
        }

        await Eventually.True(async () =>
        {
            using var ready = await http.GetAsync("health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), $"{service} to be ready again");
    }
}
