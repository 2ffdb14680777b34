using IdpTracker.Contracts.Registration;
using IdpTracker.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.Messaging.Tests;

/// <summary>A small service of its own: a DbContext with the outbox and inbox, a real RabbitMQ, one consumer.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public const string Database = "idp_messaging_tests";
    public const string VirtualHost = "messaging-tests";

    private IHost? _host;
    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync() =>
        _host = await MessagingHost.StartAsync<TestDbContext>(Database, VirtualHost, bus =>
            {
                bus.AddConsumer<RecordArrivalConsumer>();
                bus.AddBatchConsumer<RecordUpdatesInBatchesConsumer>();
            },
            db => db.Database.EnsureCreatedAsync(), new Dictionary<string, string?>
            {
                ["Outbox:PollInterval"] = "00:00:00.200",
                ["Outbox:PublishTimeout"] = "00:00:02",
                ["Outbox:MaxBackoff"] = "00:00:01",
            });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    public async Task<int> AppliedCountAsync(Guid householdId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Applied.CountAsync(a => a.HouseholdId == householdId);
    }

    public async Task<int> OutboxCountAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Set<OutboxMessage>().CountAsync();
    }

    public static HouseholdUpdated Correction(Guid householdId) =>
        new(householdId, Guid.NewGuid(), DateTimeOffset.UtcNow, 2, [new ArrivedMember(Guid.NewGuid(), "female", new DateOnly(1990, 5, 1), false, true)]);

    public static HouseholdArrived Arrival(Guid householdId) =>
        new(householdId, Guid.NewGuid(), DateTimeOffset.UtcNow, 1, [new ArrivedMember(Guid.NewGuid(), "female", new DateOnly(1990, 5, 1), false, true)]);
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<AppliedArrival> Applied => Set<AppliedArrival>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppliedArrival>().ToTable("applied_arrivals");
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>One row per application of a message; a duplicate that slipped through would show as a second row.</summary>
public sealed class AppliedArrival
{
    public long Id { get; set; }
    public Guid HouseholdId { get; set; }
    public Guid MessageId { get; set; }
}

public sealed class RecordArrivalConsumer(TestDbContext db) : IConsumer<HouseholdArrived>
{
    public Task Consume(ConsumeContext<HouseholdArrived> context) =>
        db.ApplyOnceAsync(context, nameof(RecordArrivalConsumer), () =>
        {
            db.Applied.Add(new AppliedArrival { HouseholdId = context.Message.HouseholdId, MessageId = context.MessageId!.Value });
            return Task.CompletedTask;
        });
}

/// <summary>
/// Records corrections taken in batches. A household in <see cref="Refused"/> cannot be applied beside others (as a
/// batch that breaks a constraint would fail whole), only on its own.
/// </summary>
public sealed class RecordUpdatesInBatchesConsumer(TestDbContext db) : IConsumer<Batch<HouseholdUpdated>>
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> Refused = new();
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> RefusedInBatches = new();

    public Task Consume(ConsumeContext<Batch<HouseholdUpdated>> context) =>
        db.ApplyOnceAsync(context, nameof(RecordUpdatesInBatchesConsumer), messages =>
        {
            if (messages.Count > 1 && messages.FirstOrDefault(m => Refused.ContainsKey(m.Message.HouseholdId)) is { } refused)
            {
                RefusedInBatches.AddOrUpdate(refused.Message.HouseholdId, 1, (_, n) => n + 1);
                throw new InvalidOperationException("refused beside others");
            }
            db.Applied.AddRange(messages.Select(m => new AppliedArrival { HouseholdId = m.Message.HouseholdId, MessageId = m.MessageId!.Value }));
            return Task.CompletedTask;
        });
}

[CollectionDefinition(nameof(MessagingCollection))]
public sealed class MessagingCollection : ICollectionFixture<MessagingFixture>;
