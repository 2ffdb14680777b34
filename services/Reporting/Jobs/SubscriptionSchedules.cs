using Hangfire;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Jobs;

/// <summary>Keeps one Hangfire recurring job per subscription.</summary>
public sealed class SubscriptionSchedules(IRecurringJobManager jobs)
{
    public void Schedule(Subscription subscription) =>
        jobs.AddOrUpdate<SituationReportJob>(
            subscription.RecurringJobId,
            job => job.RunScheduledAsync(subscription.Id, CancellationToken.None),
            subscription.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZone) });

    public void Unschedule(Subscription subscription) => jobs.RemoveIfExists(subscription.RecurringJobId);
}

/// <summary>
/// Subscriptions and Hangfire's job list live in different transactions; re-registering every
/// subscription's job at start-up repairs a schedule lost between the two commits.
/// </summary>
public sealed class SubscriptionScheduleSync(IServiceScopeFactory scopes, ILogger<SubscriptionScheduleSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
                var schedules = scope.ServiceProvider.GetRequiredService<SubscriptionSchedules>();
                var subscriptions = await db.Subscriptions.AsNoTracking().ToListAsync(stoppingToken);
                foreach (var subscription in subscriptions)
                {
                    if (subscription.DeletedAt is null) schedules.Schedule(subscription);
                    else schedules.Unschedule(subscription);
                }
                logger.LogInformation("{Count} report schedules registered", subscriptions.Count);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not register report schedules yet; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
