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

        // Needs logs a line per batch of households assessed, not per household: the request's trace id (random, this
        // request's alone) on that line is what shows the trace reached Needs' assessment of this household.
        await Eventually.True(() => Task.FromResult(system.Services["Needs"].Output.Any(line =>
            line.Contains("AssessHouseholdNeedsConsumer") && line.Contains("assessed") && line.Contains(traceId))), TimeSpan.FromSeconds(30),
            "a line of Needs' assessment carrying the request's trace id");
    }
}
