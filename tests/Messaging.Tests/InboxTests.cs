using IdpTracker.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
}
