using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpTracker.Messaging.Tests;

[Collection(nameof(MessagingCollection))]
public class OutboxTests(MessagingFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_event_is_published_only_when_its_transaction_commits()
    {
        var rolledBack = Guid.NewGuid();
        var committed = Guid.NewGuid();

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AddOutboxMessage(MessagingFixture.Arrival(rolledBack), TimeProvider.System);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.AddOutboxMessage(MessagingFixture.Arrival(committed), TimeProvider.System);
            await db.SaveChangesAsync();
        }

        await Eventually.True(async () => await fixture.AppliedCountAsync(committed) == 1, Wait, "the committed event to be consumed");
        await Eventually.True(async () => await TestServers.MessagesInFlightAsync(MessagingFixture.VirtualHost) == 0, Wait, "the queues to drain");
        Assert.Equal(0, await fixture.AppliedCountAsync(rolledBack));
    }

    [Fact]
    public async Task An_event_written_while_the_broker_is_down_is_delivered_when_it_returns()
    {
        var householdId = Guid.NewGuid();
        await TestServers.RabbitMqCtlAsync("stop_app");
        try
        {
            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                db.AddOutboxMessage(MessagingFixture.Arrival(householdId), TimeProvider.System);
                await db.SaveChangesAsync();
            }

            // The dispatcher tries, fails and keeps the row with its attempt recorded.
            await Eventually.True(async () =>
            {
                await using var scope = fixture.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                return await db.Set<OutboxMessage>().AnyAsync(m => m.Attempts > 0);
            }, Wait, "a failed publish attempt to be recorded");
            Assert.Equal(1, await fixture.OutboxCountAsync());
        }
        finally
        {
            await TestServers.RabbitMqCtlAsync("start_app");
        }

        await Eventually.True(async () => await fixture.AppliedCountAsync(householdId) == 1, TimeSpan.FromSeconds(60), "the event to arrive after the broker returned");
        await Eventually.True(async () => await fixture.OutboxCountAsync() == 0, Wait, "the outbox to empty");
    }
}
