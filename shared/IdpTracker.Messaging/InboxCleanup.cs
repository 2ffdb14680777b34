using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpTracker.Messaging;

public sealed class InboxOptions
{
    /// <summary>
    /// How long a consumed message's id is kept to recognise a copy. Longer than a message can wait in an error queue
    /// before someone moves it back, and than a phone stays offline: a copy arriving later is applied again.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
    public int CleanupBatchSize { get; set; } = 10_000;
}

/// <summary>Removes inbox rows past their retention, in batches, so the table does not grow with every message ever consumed.</summary>
public sealed class InboxCleanup<TDbContext>(IServiceScopeFactory scopes, TimeProvider clock, IOptions<InboxOptions> options, ILogger<InboxCleanup<TDbContext>> logger)
    : BackgroundService where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Inbox cleanup failed; trying again next round");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many rows were removed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        var batch = options.Value.CleanupBatchSize;
        int removed, total = 0;
        do
        {
            // Batches keep each transaction short on a table that consumers write to all the time.
            removed = await db.Database.ExecuteSqlAsync(
                $"DELETE FROM inbox_state WHERE ctid IN (SELECT ctid FROM inbox_state WHERE received_at < {cutoff} LIMIT {batch})", cancellationToken);
            total += removed;
        }
        while (removed == batch);
        if (total > 0) logger.LogInformation("Removed {Count} inbox rows older than {Cutoff}", total, cutoff);
        return total;
    }
}
