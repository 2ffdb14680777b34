using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IdpTracker.ServiceDefaults.Jobs;

/// <summary>
/// Work a service does on its own, every interval: one round at start, then each tick. A round that reports more
/// to do runs again at once; a failed round is logged and tried again next tick, so a database restart does not
/// stop the job. The clock is injected so tests can move time.
/// </summary>
public abstract class PeriodicJob(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock => clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of work; true when there is more to do right away (a batch was full).</summary>
    public abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            bool more;
            do
            {
                try
                {
                    more = await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "{Job} failed; trying again next round", GetType().Name);
                    more = false;
                }
            }
            while (more && !stoppingToken.IsCancellationRequested);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
