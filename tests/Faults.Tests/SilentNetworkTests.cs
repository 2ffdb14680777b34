using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// A server that goes silent rather than away: the relay in front of it keeps every connection open and accepts new ones,
/// but passes no byte, as a network path that drops packets does. Nothing tells the service; only timeouts can.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class SilentNetworkTests(FaultSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_silent_for_20_seconds_turns_readiness_red_then_green_and_loses_nothing()
    {
        var (red, green, _) = await SilentTrialAsync("Registration's database silent", system.DatabaseRelays["Registration"], TimeSpan.FromSeconds(20));
        // Readiness asks the database something with a 3 s bound, every time it is asked.
        Assert.InRange(red, 0, 10);
        Assert.InRange(green, 0, 10);
    }

    [Fact]
    public async Task A_broker_silent_for_50_seconds_turns_readiness_red_then_green_while_registrations_go_on_and_loses_nothing()
    {
        var (red, green, accepted) = await SilentTrialAsync("Registration's broker silent", system.BrokerRelays["Registration"], TimeSpan.FromSeconds(50));
        // Heartbeats every 10 s: the client gives the connection up after about four missed (measured 37-40 s); it is
        // ready again as soon as a new connection goes through.
        Assert.InRange(red, 0, 45);
        Assert.InRange(green, 0, 30);
        // Families are registered meanwhile: their events wait in the outbox, not the people at the desk.
        Assert.True(accepted > 100, $"{accepted} households acknowledged while the broker was silent");
    }

    /// <summary>
    /// Silences <paramref name="relay"/> (Registration's connection to a server) mid-load for <paramref name="silence"/>,
    /// and measures how long Registration took to say it is not ready, to say it is ready again after, and how many
    /// households it acknowledged meanwhile.
    /// </summary>
    private async Task<(double Red, double Green, int Accepted)> SilentTrialAsync(string name, TcpRelay relay, TimeSpan silence)
    {
        using var registration = new HttpClient { BaseAddress = system.Services["Registration"].BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        double red = 0, green = 0;
        var accepted = 0;
        await new FaultRun(system, output).TrialAsync(name, async run =>
        {
            var doneBefore = run.Workload.Done;
            relay.Freeze();
            run.Log("silent: connections stay open, no byte goes through");
            try
            {
                await Eventually.True(async () => !await ReadyAsync(registration), silence, "Registration to say it is not ready");
                red = run.Workload.Now - run.FaultAt;
                run.Log($"Registration not ready, {red:0.0} s after the silence began");
                var left = silence - TimeSpan.FromSeconds(run.Workload.Now - run.FaultAt);
                if (left > TimeSpan.Zero) await Task.Delay(left);
            }
            finally
            {
                relay.Thaw();
            }
            accepted = run.Workload.Done - doneBefore;
            var thawed = run.Workload.Now;
            run.Log($"answering again; {accepted} households acknowledged meanwhile");
            await Eventually.True(() => ReadyAsync(registration), TimeSpan.FromSeconds(60), "Registration to be ready again");
            green = run.Workload.Now - thawed;
            run.Log($"Registration ready again, {green:0.0} s after");
        });
        return (red, green, accepted);
    }

    /// <summary>Ready is a 200 within the client's 5 s, as a load balancer would judge it.</summary>
    private static async Task<bool> ReadyAsync(HttpClient service)
    {
        try
        {
            using var response = await service.GetAsync("health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
