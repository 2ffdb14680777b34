using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>A consumer cut off from its database, frozen, or handed a message it can never apply.</summary>
[Collection(nameof(FaultCollection))]
public sealed class ConsumerFaultTests(FaultSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Events_that_arrive_while_a_consumers_database_is_unreachable_for_40_seconds_wait_show_as_its_backlog_and_are_applied_none_set_aside()
    {
        using var needs = new HttpClient { BaseAddress = system.Services["Needs"].BaseAddress };
        JsonObject? behind = null;
        // Far longer than the quick retries a failing message gets before it is set aside (about 33 s in a deployment).
        await new FaultRun(system, output).TrialAsync("Needs' database unreachable", async run =>
        {
            system.DatabaseRelays["Needs"].Cut();
            run.Log("Needs cut off from its database");
            try
            {
                // Events pile up in Needs' queue meanwhile: shown on its backlog endpoint, and an operator warned.
                behind = await Eventually.Get(async () =>
                {
                    var health = await needs.GetFromJsonAsync<JsonObject>("health/backlog");
                    return health?["checks"]?["backlog"]?["status"]?.GetValue<string>() == "Degraded" ? health : null;
                }, TimeSpan.FromSeconds(40), "Needs' backlog to show the events waiting");
                run.Log($"Needs' backlog: {behind!.ToJsonString()}");
                var left = TimeSpan.FromSeconds(40 - (run.Workload.Now - run.FaultAt));
                if (left > TimeSpan.Zero) await Task.Delay(left);
            }
            finally
            {
                system.DatabaseRelays["Needs"].Restore();
            }
            run.Log("Needs' database reachable again");
        });
        Assert.True(behind!["checks"]!["backlog"]!["data"]!["waiting"]!["assess-household-needs"]!.GetValue<long>() > 500);
        // Caught up, it says so, with its outbox measured again.
        await Eventually.True(async () =>
        {
            var health = await needs.GetFromJsonAsync<JsonObject>("health/backlog");
            return health?["checks"]?["backlog"]?["status"]?.GetValue<string>() == "Healthy"
                && health["checks"]!["backlog"]!["data"]?["outboxWaiting"] is not null;
        }, TimeSpan.FromSeconds(30), "Needs' backlog to show it caught up");
        Assert.Contains(system.Services["Needs"].Output, line => line.Contains("Falling behind") && line.Contains("assess-household-needs"));
    }

    [Fact]
    public async Task A_consumer_frozen_for_a_minute_under_load_catches_up_and_counts_every_family_once()
    {
        await new FaultRun(system, output).TrialAsync("Needs frozen", async run =>
        {
            system.Services["Needs"].Signal("STOP");
            run.Log("Needs frozen (SIGSTOP)");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60));
                var waiting = (await Checker.QueuesAsync(system)).Single(q => q.Name == "assess-household-needs");
                run.Log($"assess-household-needs: {waiting.Ready} ready, {waiting.Unacknowledged} held by the frozen consumer");
            }
            finally
            {
                system.Services["Needs"].Signal("CONT");
            }
            run.Log("Needs resumed");
        });
    }

    [Fact]
    public async Task A_message_no_consumer_can_apply_is_set_aside_once_listed_with_its_reason_and_moved_back_by_the_operator_command()
    {
        var poison = Guid.NewGuid();
        // Registration's event about a family, with no members: applying it throws in every try.
        await PublishAsync("assess-household-needs", poison,
            $$"""{"householdId":"{{Guid.NewGuid()}}","centerId":"{{Guid.NewGuid()}}","arrivedAt":"2026-11-20T10:00:00Z","version":1,"members":null}""",
            "IdpTracker.Contracts.Registration:HouseholdArrived");

        await Eventually.True(async () => (await Checker.QueuesAsync(system)).Any(q => q.Name == "assess-household-needs_error" && q.Ready == 1),
            TimeSpan.FromSeconds(90), "the message to be set aside in assess-household-needs_error");
        var listed = await system.RunCommandAsync("Needs", "errors");
        output.WriteLine(listed);
        var line = Assert.Single(listed.Split('\n'), l => l.Contains(poison.ToString()));
        Assert.StartsWith("assess-household-needs_error", line);
        Assert.Contains("not applied", line);
        Assert.Contains("Exception", line);

        // Moved back, it fails again and is set aside again: once, no loop.
        var replayed = await system.RunCommandAsync("Needs", "errors", "replay", poison.ToString());
        Assert.Contains("1 moved back", replayed);
        await Eventually.True(async () => (await system.RunCommandAsync("Needs", "errors")).Contains(poison.ToString()),
            TimeSpan.FromSeconds(90), "the message to be set aside again after its replay");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await Checker.QueuesAsync(system)).Single(q => q.Name == "assess-household-needs_error").Ready);

        // The suite's other checks expect no set-aside message: the operator clears it.
        await PurgeAsync("assess-household-needs_error");
    }

    private static async Task PublishAsync(string exchange, Guid messageId, string message, string messageType)
    {
        await using var connection = await Connect().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var envelope = $$"""{"messageId":"{{messageId}}","messageType":["urn:message:{{messageType}}"],"message":{{message}}}""";
        var properties = new BasicProperties { MessageId = messageId.ToString(), ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, Encoding.UTF8.GetBytes(envelope));
    }

    private static async Task PurgeAsync(string queue)
    {
        await using var connection = await Connect().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueuePurgeAsync(queue);
    }

    private static ConnectionFactory Connect() => new()
    {
        HostName = "127.0.0.1", Port = TestServers.AmqpPort, VirtualHost = SystemFixture.VirtualHost, UserName = "guest", Password = "guest",
    };
}
