using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Xunit.Abstractions;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// The system on a three-node RabbitMQ cluster (deploy/local/servers.sh cluster test start): quorum queues with a
/// replica on every node, and every service given all three nodes.
/// </summary>
public sealed class ClusteredSystem : SystemFixture
{
    public const int Nodes = 3;

    protected override IReadOnlyList<int> BrokerPorts => Enumerable.Range(1, Nodes).Select(i => TestServers.AmqpPort + 99 + i).ToList();

    protected override async Task StartBrokerAsync() => await TestServers.ServersAsync("cluster", "test", "start");

    protected override async Task StopBrokerAsync() => await TestServers.ServersAsync("cluster", "test", "stop");

    /// <summary>rabbitmqctl against the first node that answers (one may have been killed).</summary>
    public override async Task<string> RabbitMqCtlAsync(params string[] args)
    {
        for (var node = 1; ; node++)
        {
            try
            {
                return await TestServers.ServersAsync(["cluster", "test", "rabbitmqctl", node.ToString(), .. args]);
            }
            catch (InvalidOperationException) when (node < Nodes) { /* that node is down: the next */ }
        }
    }

    /// <summary>The quorum queue's members and the node leading it (numbered 1 to 3), from the first node that answers.</summary>
    public async Task<(int Leader, int Members)> QueueAsync(string queue)
    {
        for (var node = 1; ; node++)
        {
            try
            {
                var json = await TestServers.ServersAsync("cluster", "test", "queues", node.ToString(), "quorum_status", queue, "-p", VirtualHost, "--formatter", "json");
                var members = System.Text.Json.Nodes.JsonNode.Parse(json[json.IndexOf('[')..])!.AsArray();
                // A member that is down has an error in place of its state.
                var leader = members.Single(m => m!["Raft State"]?.ToJsonString() == "\"leader\"")!["Node Name"]!.GetValue<string>();
                return (int.Parse(leader.Split('@')[0].Split('-')[^1]), members.Count);
            }
            catch (InvalidOperationException) when (node < Nodes) { /* that node is down: the next */ }
        }
    }
}

[CollectionDefinition(nameof(ClusterCollection))]
public sealed class ClusterCollection : ICollectionFixture<ClusteredSystem>;

[Collection(nameof(ClusterCollection))]
public sealed class ClusterTests(ClusteredSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task The_node_leading_the_queues_killed_mid_load_loses_nothing_acknowledged_and_the_system_goes_on_with_two()
    {
        await new FaultRun(system, output).TrialAsync("cluster node killed", async run =>
        {
            var (leader, members) = await system.QueueAsync("assess-household-needs");
            run.Log($"assess-household-needs led by node {leader}, replicated on {members} nodes");
            Assert.Equal(ClusteredSystem.Nodes, members);
            await TestServers.ServersAsync("cluster", "test", "crash", leader.ToString());
            run.Log($"node {leader} killed (kill -9); the cluster goes on with the other two");
            // The workload goes on for a while on two nodes; the killed one stays down to the end of the trial.
            await Eventually.True(async () => (await system.QueueAsync("assess-household-needs")).Leader != leader,
                TimeSpan.FromSeconds(30), "another node to lead the queue");
            run.Log($"assess-household-needs now led by node {(await system.QueueAsync("assess-household-needs")).Leader}");
            await Task.Delay(TimeSpan.FromSeconds(15));
            run.Log("queues: " + (await system.RabbitMqCtlAsync("list_queues", "-q", "--no-table-headers", "-p", ClusteredSystem.VirtualHost, "name", "type", "leader", "members", "messages")).Replace('\n', ';'));
        });
    }
}
