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

        return await InTransactionAsync(db, context.CancellationToken, async () =>
        {
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO inbox_state (message_id, consumer_id, received_at) VALUES ({messageId}, {consumerId}, now()) ON CONFLICT DO NOTHING",
                context.CancellationToken);
            if (inserted == 0) return false;
            await apply();
            return true;
        });
    }

    /// <summary>
    /// Applies a batch of messages, each exactly once: the inbox rows of all of them and their effects in one
    /// transaction, so a burst costs one commit and one read of what the messages share instead of one per message.
    /// <paramref name="apply"/> gets the messages not applied before, in the order they came.
    /// <para>
    /// When the batch fails for another reason than a lost race, each message is applied again on its own transaction,
    /// so one message that cannot be applied does not hold back the others: those are applied, and the failure is
    /// thrown for the bus to retry the batch (the inbox then skips what was applied) and at last move it aside.
    /// </para>
    /// </summary>
    public static async Task ApplyOnceAsync<TMessage>(
        this DbContext db, ConsumeContext<Batch<TMessage>> context, string consumerId, Func<IReadOnlyList<ConsumeContext<TMessage>>, Task> apply)
        where TMessage : class
    {
        var messages = context.Message.ToList();
        if (messages.Any(m => m.MessageId is null))
        {
            throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");
        }
        try
        {
            await ApplyAllOnceAsync(db, messages, consumerId, apply, context.CancellationToken);
        }
        catch (Exception) when (messages.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            foreach (var message in messages) await db.ApplyOnceAsync(message, consumerId, () => apply([message]));
        }
    }

    private static Task ApplyAllOnceAsync<TMessage>(
        DbContext db, List<ConsumeContext<TMessage>> messages, string consumerId, Func<IReadOnlyList<ConsumeContext<TMessage>>, Task> apply,
        CancellationToken cancellationToken)
        where TMessage : class
    {
        var ids = messages.Select(m => m.MessageId!.Value).ToArray();
        return InTransactionAsync(db, cancellationToken, async () =>
        {
            var fresh = (await db.Database.SqlQuery<Guid>(
                    $"INSERT INTO inbox_state (message_id, consumer_id, received_at) SELECT unnest({ids}), {consumerId}, now() ON CONFLICT DO NOTHING RETURNING message_id AS \"Value\"")
                .ToListAsync(cancellationToken)).ToHashSet();
            if (fresh.Count > 0) await apply(messages.Where(m => fresh.Contains(m.MessageId!.Value)).DistinctBy(m => m.MessageId).ToList());
            return fresh.Count;
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/> and saves in one transaction, again at once (up to <see cref="RaceAttempts"/> times)
    /// when it lost a race for a row to another message.
    /// </summary>
    private static async Task<T> InTransactionAsync<T>(DbContext db, CancellationToken cancellationToken, Func<Task<T>> body)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var result = await body();
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    FaultPoint.Reach(FaultPoint.AfterCommitBeforeAck);
                    return result;
                });
            }
            catch (Exception ex) when (attempt < RaceAttempts && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
