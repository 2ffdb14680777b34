using IdpTracker.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IdpTracker.Messaging.Tests;

[Collection(nameof(MessagingCollection))]
public class InboxTests(MessagingFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        var householdId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var bus = fixture.Services.GetRequiredService<IBus>();

        // What RabbitMQ does after a consumer crashes between commit and ack: the same message again.
        await bus.Publish(MessagingFixture.Arrival(householdId), context => context.MessageId = messageId);
        await bus.Publish(MessagingFixture.Arrival(householdId), context => context.MessageId = messageId);

        await Eventually.True(async () => await fixture.AppliedCountAsync(householdId) >= 1, Wait, "the message to be consumed");
        await Eventually.True(async () => await TestServers.MessagesInFlightAsync(MessagingFixture.VirtualHost) == 0, Wait, "both copies to be acknowledged");

        Assert.Equal(1, await fixture.AppliedCountAsync(householdId));
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        Assert.Equal(1, await db.Set<InboxState>().CountAsync(i => i.MessageId == messageId));
    }

    [Fact]
    public async Task A_different_message_for_the_same_household_is_applied_again()
    {
        var householdId = Guid.NewGuid();
        var bus = fixture.Services.GetRequiredService<IBus>();

        await bus.Publish(MessagingFixture.Arrival(householdId), context => context.MessageId = Guid.NewGuid());
        await bus.Publish(MessagingFixture.Arrival(householdId), context => context.MessageId = Guid.NewGuid());

        await Eventually.True(async () => await fixture.AppliedCountAsync(householdId) == 2, Wait, "both messages to be applied");
    }

    [Fact]
    public async Task Messages_taken_in_batches_are_each_applied_once_even_when_delivered_twice()
    {
        var households = Enumerable.Range(0, 120).Select(_ => (Household: Guid.NewGuid(), Message: Guid.NewGuid())).ToList();
        var bus = fixture.Services.GetRequiredService<IBus>();

        // A burst, with every fourth message delivered a second time (as after a consumer crashed before its ack).
        await Task.WhenAll(households.Concat(households.Where((_, i) => i % 4 == 0))
            .Select(h => bus.Publish(MessagingFixture.Correction(h.Household), context => context.MessageId = h.Message)));

        await Eventually.True(async () => await TestServers.MessagesInFlightAsync(MessagingFixture.VirtualHost) == 0
                                          && await AppliedAsync(households.Select(h => h.Household)) >= households.Count,
            Wait, "every message to be applied and acknowledged");
        Assert.Equal(households.Count, await AppliedAsync(households.Select(h => h.Household)));
        foreach (var (household, _) in households.Take(10)) Assert.Equal(1, await fixture.AppliedCountAsync(household));
    }

    [Fact]
    public async Task A_batch_that_fails_whole_is_applied_message_by_message_each_once()
    {
        var households = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var refused = households[17];
        RecordUpdatesInBatchesConsumer.Refused[refused] = true;
        var bus = fixture.Services.GetRequiredService<IBus>();

        await Task.WhenAll(households.Select(h => bus.Publish(MessagingFixture.Correction(h), context => context.MessageId = Guid.NewGuid())));

        await Eventually.True(async () => await AppliedAsync(households) == households.Count, Wait, "every message to be applied");
        Assert.True(RecordUpdatesInBatchesConsumer.RefusedInBatches.GetValueOrDefault(refused) >= 1, "the refused household came in a batch with others");
        Assert.All(await Task.WhenAll(households.Select(fixture.AppliedCountAsync)), count => Assert.Equal(1, count));
    }

    private async Task<int> AppliedAsync(IEnumerable<Guid> households)
    {
        var ids = households.ToList();
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Applied.CountAsync(a => ids.Contains(a.HouseholdId));
    }

    [Fact]
    public async Task Inbox_rows_past_their_retention_are_removed_in_batches_and_newer_ones_kept()
    {
        var consumer = $"cleanup-{Guid.NewGuid():N}";
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            foreach (var age in new[] { 40, 40, 40, 31, 31, 29, 1 })
            {
                db.Set<InboxState>().Add(new InboxState { MessageId = Guid.NewGuid(), ConsumerId = consumer, ReceivedAt = DateTimeOffset.UtcNow.AddDays(-age) });
            }
            await db.SaveChangesAsync();
        }
        var cleanup = new InboxCleanup<TestDbContext>(fixture.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            Options.Create(new InboxOptions { CleanupBatchSize = 2 }), NullLogger<InboxCleanup<TestDbContext>>.Instance);

        Assert.True(await cleanup.RunOnceAsync(CancellationToken.None) >= 5);

        await using var check = fixture.Services.CreateAsyncScope();
        var kept = await check.ServiceProvider.GetRequiredService<TestDbContext>().Set<InboxState>()
            .Where(i => i.ConsumerId == consumer).Select(i => i.ReceivedAt).ToListAsync();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, receivedAt => Assert.True(receivedAt > DateTimeOffset.UtcNow.AddDays(-30)));
    }
}
