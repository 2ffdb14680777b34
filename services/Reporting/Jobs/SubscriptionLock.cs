using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Reporting.Jobs;

/// <summary>
/// One run at a time per subscription, across every Reporting process: a PostgreSQL advisory lock held by a connection
/// of its own. Runs for different subscriptions never wait for each other, and the lock of a process that dies is
/// released the moment its connection drops, so a crash mid-build holds up nothing (a lock row in a table would stay
/// until a timeout).
/// </summary>
public sealed class SubscriptionLock : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly NpgsqlConnection _connection;

    private SubscriptionLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The lock's key: the subscription id's first eight bytes (one id per subscription, random).</summary>
    public static long KeyOf(Guid subscriptionId) => BitConverter.ToInt64(subscriptionId.ToByteArray(), 0);

    /// <exception cref="TimeoutException">Another run of the subscription held the lock for all of <paramref name="wait"/>.</exception>
    public static async Task<SubscriptionLock> TakeAsync(DbContext db, Guid subscriptionId, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Not pooled: closing the connection is what releases the lock, whatever happened to the run.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var key = KeyOf(subscriptionId);
            var until = DateTime.UtcNow + wait;
            while (!await TryAsync(connection, key, cancellationToken))
            {
                if (DateTime.UtcNow >= until)
                {
                    throw new TimeoutException($"Subscription {subscriptionId}'s reports were being built by another run for {wait.TotalMinutes} minutes.");
                }
                await Task.Delay(Poll, cancellationToken);
            }
            return new SubscriptionLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
