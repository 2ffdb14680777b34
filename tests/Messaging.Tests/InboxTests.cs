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
