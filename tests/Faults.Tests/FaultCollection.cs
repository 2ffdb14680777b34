using IdpTracker.EndToEnd.Tests;

// The faults stop and kill the shared PostgreSQL and RabbitMQ: one trial at a time, one system at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace IdpTracker.Faults.Tests;

/// <summary>One running system for the fault trials, one copy of each service.</summary>
[CollectionDefinition(nameof(FaultCollection))]
public sealed class FaultCollection : ICollectionFixture<SystemFixture>;

/// <summary>The system with two copies of every service behind the gateway, as `./idp run --replicas 2` runs it.</summary>
public sealed class TwoCopiesOfEverySystem : SystemFixture
{
    public override int Replicas => 2;
}

[CollectionDefinition(nameof(TwoCopiesCollection))]
public sealed class TwoCopiesCollection : ICollectionFixture<TwoCopiesOfEverySystem>;
