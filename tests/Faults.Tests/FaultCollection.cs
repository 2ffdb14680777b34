using IdpTracker.EndToEnd.Tests;

// The faults stop and kill the shared PostgreSQL and RabbitMQ: one trial at a time, one system at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace IdpTracker.Faults.Tests;

/// <summary>
/// The system for the fault trials, one copy of each service. A message that cannot be applied is set aside after three
/// quick tries (a few seconds) instead of six (about half a minute), so the poison trial does not wait for minutes.
/// Each service reaches the broker through a relay, so one service's path to it can be cut or silenced.
/// </summary>
public sealed class FaultSystem : SystemFixture
{
    protected override int? QuickRetries => 3;
    protected override bool RelayBroker => true;
}

[CollectionDefinition(nameof(FaultCollection))]
public sealed class FaultCollection : ICollectionFixture<FaultSystem>;

/// <summary>The system with two copies of every service behind the gateway, as `./idp run --replicas 2` runs it.</summary>
public sealed class TwoCopiesOfEverySystem : SystemFixture
{
    public override int Replicas => 2;
}

[CollectionDefinition(nameof(TwoCopiesCollection))]
public sealed class TwoCopiesCollection : ICollectionFixture<TwoCopiesOfEverySystem>;
