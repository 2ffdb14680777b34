using System.Net.Http.Json;
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

    [Fact]
    public async Task While_the_database_is_unreachable_the_api_answers_503_with_retry_after_and_the_same_request_later_is_stored()
    {
        var centre = await system.Gateway.CreateCenterAsync("Outage school");
        var household = Guid.NewGuid();
        var relay = system.DatabaseRelays["Registration"];
        HttpResponseMessage list, write;
        try
        {
            relay.Cut();
            list = await system.Gateway.GetAsync("api/households");
            write = await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre, Api.Member("female", Api.Born(30), "head")));
        }
        finally
        {
            relay.Restore();
        }

        foreach (var response in new[] { list, write })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
                Assert.Contains("Nothing was stored", await response.Content.ReadAsStringAsync());
            }
        }
        await Eventually.True(async () =>
        {
            using var again = await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre, Api.Member("female", Api.Born(30), "head")));
            return again.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(30), "the same registration to be stored once the database is back");
    }
}
