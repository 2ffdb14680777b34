using System.Diagnostics;
using System.Text.Json;
using IdpTracker.Contracts.Registration;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpTracker.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;
    /// <summary>How often to look for rows written by other replicas or left by a failed attempt.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A publish that gets no broker confirm within this time is treated as failed and retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// A message the broker has refused or left unconfirmed this many times in a row gets the connection dropped for a
    /// new one (see <see cref="BrokerConnection"/>): at most once per <see cref="ReconnectInterval"/>, and half as often
    /// each time it did not help (up to every 30 minutes), since dropping the connection also returns the messages its
    /// consumers hold, and a broker that refuses publishes for another reason (a memory or disk alarm) is not helped.
    /// </summary>
    public int ReconnectAfterAttempts { get; set; } = 4;
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Publishes committed outbox rows in id order, a batch at a time with the broker's confirms awaited together, and
/// deletes them once the broker has confirmed them.
/// Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas can run side by side. A crash
/// after the confirm and before the delete republishes the same MessageId, which inboxes skip.
/// </summary>
public sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    BrokerConnection broker,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    public static readonly ActivitySource ActivitySource = new("IdpTracker.Outbox");
    private readonly OutboxOptions _options = options.Value;
    private static readonly TimeSpan LongestReconnectInterval = TimeSpan.FromMinutes(30);
    private DateTimeOffset _lastReconnect = DateTimeOffset.MinValue;
    private TimeSpan? _reconnectInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down; rows stay where they are and the next round retries.
                logger.LogWarning(ex, "Outbox dispatch round failed");
            }

            if (published < _options.BatchSize)
            {
                try { await signal.WaitAsync(_options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <returns>The number of messages published in this round.</returns>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var batch = await db.Set<OutboxMessage>()
            .FromSql($"""
                SELECT * FROM outbox_message
                WHERE not_before IS NULL OR not_before <= now()
                ORDER BY id
                LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0) return 0;

        // The whole batch is handed to the broker in order at once and its confirms awaited together: one round trip
        // for the batch instead of one per message.
        // A confirmed message is deleted; one that failed waits with a backoff and may then be overtaken by later
        // ones, which is harmless: consumers apply a version only if it is newer, and inboxes drop a copy seen before.
        var publishes = batch.Select(message => PublishAsync(message, cancellationToken)).ToList();
        var published = 0;
        Exception? firstFailure = null;
        var mostRefusals = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            try
            {
                await publishes[i];
                db.Remove(message);
                published++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(message.Attempts + 1);
                message.RecordFailedAttempt(ex.GetType().Name + ": " + ex.Message, clock.GetUtcNow() + delay);
                if (IsRefusedByBroker(ex)) mostRefusals = Math.Max(mostRefusals, message.Attempts);
                if (firstFailure is not null) continue;
                firstFailure = ex;
                logger.LogWarning(ex, "Publishing outbox message {MessageId} ({MessageType}) failed on attempt {Attempt}; retrying in {Delay}",
                    message.MessageId, message.MessageType, message.Attempts, delay);
            }
        }
        if (firstFailure is not null && batch.Count - published > 1)
        {
            logger.LogWarning("{Failed} of {Batch} outbox messages were not confirmed this round and wait to be sent again", batch.Count - published, batch.Count);
        }

        if (published > 0) FaultPoint.Reach(FaultPoint.AfterPublishBeforeDelete);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var interval = _reconnectInterval ?? _options.ReconnectInterval;
        if (mostRefusals == 0 && published > 0) _reconnectInterval = null;
        else if (mostRefusals >= _options.ReconnectAfterAttempts && clock.GetUtcNow() - _lastReconnect >= interval)
        {
            _lastReconnect = clock.GetUtcNow();
            _reconnectInterval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, LongestReconnectInterval.Ticks));
            await broker.ReconnectAsync($"outbox messages refused or left unconfirmed {_options.ReconnectAfterAttempts} times in a row", cancellationToken);
        }
        return published;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = ContractTypes.Resolve(message.MessageType);
        var payload = JsonSerializer.Deserialize(message.Body, type, MessageJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty body.");

        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = ActivitySource.StartActivity("outbox publish " + type.Name, ActivityKind.Producer, parent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(payload, type, context => context.MessageId = message.MessageId, timeout.Token);
    }

    /// <summary>
    /// No confirm in time, or a negative one: the broker took the message and did not store it. (MassTransit sends a
    /// negatively confirmed message again until the publish times out, so this is mostly the timeout.)
    /// </summary>
    private static bool IsRefusedByBroker(Exception ex) =>
        ex is OperationCanceledException || ex is RabbitMQ.Client.Exceptions.PublishException || ex.InnerException is RabbitMQ.Client.Exceptions.PublishException;

    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempt, 10)) / 2, _options.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>Finds an event type from the name stored in the outbox; events live only in the contracts assembly.</summary>
public static class ContractTypes
{
    private static readonly System.Reflection.Assembly Contracts = typeof(HouseholdArrived).Assembly;

    public static Type Resolve(string fullName) =>
        Contracts.GetType(fullName, throwOnError: false)
        ?? throw new InvalidOperationException($"Unknown event type '{fullName}' in the outbox.");
}
