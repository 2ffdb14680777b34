using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;

namespace IdpTracker.Faults.Tests;

/// <summary>A service started again armed to die at a fault point (<c>Faults__Point</c>), and brought back after it did.</summary>
public static class FaultPoints
{
    public static async Task ArmAsync(this SystemFixture system, string service, string point, bool waitUntilReady)
    {
        await system.KillAsync(service);
        await system.StartAgainAsync(service, new() { ["Faults__Point"] = point }, waitUntilReady);
    }

    public static async Task DiedAtAsync(this SystemFixture system, string service, string point)
    {
        await Eventually.True(() => Task.FromResult(system.Services[service].HasExited), TimeSpan.FromSeconds(90), $"{service} to die {point}");
        Assert.Contains(system.Services[service].Output, line => line.Contains($"Fault point {point} reached"));
    }

    public static async Task StartAgainUnarmedAsync(this SystemFixture system, string service)
    {
        await system.KillAsync(service);
        await system.StartAgainAsync(service);
    }
}
