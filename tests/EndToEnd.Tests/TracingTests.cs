using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class TracingTests(SystemFixture system)
{
    [Fact]
    public async Task The_trace_of_a_registration_continues_across_the_bus_into_needs()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Hasakah stadium");
        var householdId = Guid.NewGuid();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/households/{householdId}")
        {
            Content = JsonContent.Create(Api.Household(centerId, Api.Member("male", Api.Born(33), "head"))),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await system.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await Eventually.True(() => Task.FromResult(system.Services["Needs"].Output.Any(line =>
            line.Contains(householdId.ToString()) && line.Contains(traceId))), TimeSpan.FromSeconds(30),
            "a Needs log line about this household carrying the request's trace id");
    }
}
