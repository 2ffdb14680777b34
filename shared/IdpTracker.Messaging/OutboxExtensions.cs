using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Messaging;

public static class OutboxExtensions
{
    /// <summary>
    /// Queues an event to be published once the current SaveChangesAsync commits.
    /// This is the only way services publish: never IBus.Publish from an endpoint, job or consumer.
    /// </summary>
    public static void AddOutboxMessage<T>(this DbContext db, T message, TimeProvider clock) where T : class =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(message, clock.GetUtcNow()));
}
