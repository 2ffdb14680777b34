using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IdpTracker.ServiceDefaults;
using RabbitMQ.Client;

namespace IdpTracker.Messaging;

public sealed class BacklogOptions
{
    /// <summary>How often the queues and the outbox are measured.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages waiting in one queue above which an operator is warned (about a minute of a surge's events).</summary>
    public int WarnAbove { get; set; } = 5_000;

    /// <summary>An event waiting this long in the outbox (the broker unreachable, or refusing) warns an operator.</summary>
    public TimeSpan WarnOutboxOlderThan { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>How far behind a service is: messages waiting in each of its queues, and events waiting in its outbox.</summary>
/// <remarks>The outbox's figures are null while the database cannot be read: the queues are still measured.</remarks>
public sealed record BacklogReading(DateTimeOffset At, IReadOnlyDictionary<string, long> Waiting, long? OutboxWaiting, double? OldestOutboxSeconds)
{
    public IReadOnlyDictionary<string, object> ToData()
    {
        var data = new Dictionary<string, object> { ["measuredAt"] = At, ["waiting"] = Waiting };
        if (OutboxWaiting is { } outbox) data["outboxWaiting"] = outbox;
        if (OldestOutboxSeconds is { } oldest) data["oldestOutboxSeconds"] = Math.Round(oldest, 1);
        return data;
    }
}

/// <summary>
/// Measures the service's backlog every <see cref="BacklogOptions.Interval"/>: shown at /health/backlog (Degraded
/// while over the thresholds, with the figures) and logged as a warning for an operator while it stays over. A
/// consumer paused or slow under a surge is seen within seconds instead of when the figures look wrong.
/// </summary>
public sealed class BacklogMonitor<TDbContext>(
    RabbitMqOptions rabbit, IReadOnlyList<ConsumerQueue> queues, IServiceScopeFactory scopes, IOptions<BacklogOptions> options,
    TimeProvider clock, ILogger<BacklogMonitor<TDbContext>> logger) : BackgroundService, IHealthCheck
    where TDbContext : DbContext
{
    private volatile BacklogReading? _last;
    private IConnection? _connection;
    private bool _failing;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = _last;
        if (last is null) return Task.FromResult(HealthCheckResult.Healthy("Not measured yet."));
        // An old reading says nothing about now: the broker could not be read since (readiness says why).
        var age = clock.GetUtcNow() - last.At;
        if (age > 3 * options.Value.Interval)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Not measured for {age.TotalSeconds:0} s: the queues cannot be read.", data: last.ToData()));
        }
        var over = Over(last);
        return Task.FromResult(over.Count == 0
            ? HealthCheckResult.Healthy("Keeping up.", last.ToData())
            : HealthCheckResult.Degraded(string.Join("; ", over), data: last.ToData()));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                _last = await MeasureAsync(stoppingToken);
                _failing = false;
                foreach (var warning in Over(_last)) logger.LogWarning("Falling behind: {Backlog}", warning);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker is unreachable (readiness says so) or the reading itself is wrong: said once, then measured
                // again every round.
                if (!_failing) logger.LogWarning("The backlog cannot be measured: {Reason}", ex.Message);
                _failing = true;
                _connection?.Dispose();
                _connection = null;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private List<string> Over(BacklogReading reading)
    {
        var limits = options.Value;
        var over = reading.Waiting.Where(q => q.Value > limits.WarnAbove)
            .Select(q => $"{q.Value} messages waiting in {q.Key} (more than {limits.WarnAbove})").ToList();
        if (reading.OldestOutboxSeconds is { } oldest && oldest > limits.WarnOutboxOlderThan.TotalSeconds)
        {
            over.Add($"{reading.OutboxWaiting} events not yet published, the oldest {oldest:0} s old");
        }
        return over;
    }

    private async Task<BacklogReading> MeasureAsync(CancellationToken cancellationToken)
    {
        var waiting = new Dictionary<string, long>();
        if (queues.Count > 0)
        {
            _connection ??= await rabbit.ConnectAsync("backlog", cancellationToken);
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            foreach (var queue in queues)
            {
                // Ready messages only: those a consumer holds are being worked on.
                waiting[queue.Queue] = (await channel.QueueDeclarePassiveAsync(queue.Queue, cancellationToken)).MessageCount;
            }
        }
        OutboxAge? outbox = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            outbox = await db.Database.SqlQuery<OutboxAge>(
                    $"SELECT count(*) AS waiting, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds FROM outbox_message")
                .SingleAsync(cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsUnreachable(ex))
        {
            // The database is down (readiness says so); what waits in the queues meanwhile is still worth showing.
        }
        return new BacklogReading(clock.GetUtcNow(), waiting, outbox?.Waiting, outbox?.OldestSeconds);
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    private sealed class OutboxAge
    {
        public long Waiting { get; init; }
        public double OldestSeconds { get; init; }
    }
}
