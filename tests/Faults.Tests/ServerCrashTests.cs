using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>The database and the broker lost mid-load, as a power cut or an out-of-memory kill would lose them.</summary>
[Collection(nameof(FaultCollection))]
public sealed class ServerCrashTests(FaultSystem system, ITestOutputHelper output)
{
    /// <summary>
    /// How soon every service must be ready again once a server is back. The database is reconnected to at the next
    /// request; the broker at MassTransit's next reconnection attempt, which backs off to 30 s apart during a long
    /// outage (measured: 26 s after a minute down).
    /// </summary>
    private static readonly TimeSpan ReadyAgainWithin = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task RabbitMQ_killed_and_down_for_a_minute_loses_no_acknowledged_registration_and_the_services_reconnect_within_seconds()
    {
        // Registration goes on taking families while the broker is gone: their events wait in its outbox.
        await CrashAndStartAgainAsync(new FaultRun(system, output), "rabbitmq", "RabbitMQ killed", "kill -9 of RabbitMQ", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task PostgreSQL_stopped_immediately_mid_load_answers_fast_503s_then_keeps_every_acknowledged_registration()
    {
        var run = new FaultRun(system, output);
        await CrashAndStartAgainAsync(run, "postgres", "PostgreSQL stopped", "pg_ctl stop -m immediate", TimeSpan.FromSeconds(15));
        // Clients were told, quickly, to come back later: no request hung until the client gave up on it.
        Assert.DoesNotContain(run.Workload.Failures, f => f.What == "timeout");
        Assert.Contains(run.Workload.Failures, f => f.What == "503");
    }

    /// <summary>A trial in which the server is crashed, left down, started again by the project's script, and every service must be ready soon after.</summary>
    private static async Task CrashAndStartAgainAsync(FaultRun run, string server, string name, string what, TimeSpan down)
    {
        double readyAfter = 0;
        await run.TrialAsync(name, async run =>
        {
            await TestServers.ServersAsync("crash", "test", server);
            run.Log(what);
            await Task.Delay(down);
            await TestServers.ServersAsync("start", "test");
            var back = run.Workload.Now;
            run.Log($"{server} started again");
            readyAfter = await run.AllReadyAsync(back);
        });
        Assert.True(readyAfter < ReadyAgainWithin.TotalSeconds, $"the services took {readyAfter:0.0} s to be ready after {server} came back");
    }
}
