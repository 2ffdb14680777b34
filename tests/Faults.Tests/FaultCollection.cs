using IdpTracker.EndToEnd.Tests;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// One running system for the whole fault suite, one fault at a time: the faults stop and kill the shared PostgreSQL
/// and RabbitMQ, so nothing else may run beside them.
/// </summary>
[CollectionDefinition(nameof(FaultCollection))]
public sealed class FaultCollection : ICollectionFixture<SystemFixture>;
