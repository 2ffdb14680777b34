using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpTracker.Messaging.Tests;

/// <summary>The bus setup every service shares makes no call to the internet of its own.</summary>
[Collection(nameof(MessagingCollection))]
public class OutboundCallsTests(MessagingFixture fixture)
{
    [Fact]
    public void The_bus_never_reports_usage_to_its_vendor() =>
        Assert.False(fixture.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
}
