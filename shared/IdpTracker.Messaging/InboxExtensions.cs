using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Messaging;

public static class InboxExtensions
{
    /// <summary>
    /// How often a message is applied again at once after losing a race for the same row to another message
    /// (a concurrency token that moved, or a row inserted meanwhile), before it is left to the bus's own retries.
    /// </summary>
    private const int RaceAttempts = 5;

    /// <summary>
    /// Applies a message exactly once: records (message id, consumer) and runs <paramref name="apply"/>
    /// in one transaction. A copy already recorded is acknowledged without running anything.
    /// A concurrent copy waits on the primary key and then finds the row.
    /// <para>
    /// Consumers read a row, compare versions and write it back; two messages about one household may do that at the
    /// same moment. Rows written by more than one message carry a concurrency token, so the later writer fails instead
    /// of overwriting, and is applied again here against what the other one wrote.
    /// </para>
    /// </summary>
    /// <returns>false when the message had already been applied.</returns>
    public static async Task<bool> ApplyOnceAsync<TMessage>(
        this DbContext db, ConsumeContext<TMessage> context, string consumerId, Func<Task> apply)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");

        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
                    var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
                        $"INSERT INTO inbox_state (message_id, consumer_id, received_at) VALUES ({messageId}, {consumerId}, now()) ON CONFLICT DO NOTHING",
                        context.CancellationToken);
                    if (inserted == 0)
                    {
                        await transaction.RollbackAsync(context.CancellationToken);
                        return false;
                    }

                    await apply();
                    await db.SaveChangesAsync(context.CancellationToken);
                    await transaction.CommitAsync(context.CancellationToken);
                    return true;
                });
            }
            catch (Exception ex) when (attempt < RaceAttempts && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
