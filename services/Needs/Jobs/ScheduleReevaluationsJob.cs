using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Needs.Jobs;

/// <summary>
/// Queues the re-evaluations that time calls for: when a cold-weather alert starts (households of its area weighed
/// with it) and when it ends (weighed again without it, and <see cref="ColdWeatherAlertExpired"/> published), and
/// once a day for the households whose assessment has run out, because children grow past 2 and 5, people turn 60 and
/// the winter season begins and ends (<see cref="AssessmentExpiry"/>).
/// Each is queued under a unique key, so two instances or a repeated round queue it once.
/// </summary>
public sealed class ScheduleReevaluationsJob(IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<NeedsJobsOptions> options, ILogger<ScheduleReevaluationsJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.ScheduleInterval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NeedsDbContext>();
        var now = Clock.GetUtcNow();

        var starting = await db.Alerts.Where(a => a.AppliedAt == null && a.StartsAt <= now).ToListAsync(cancellationToken);
        foreach (var alert in starting)
        {
            alert.Start(db, now);
        }
        var ending = await db.Alerts.Where(a => a.ExpiredAt == null && a.EndsAt <= now).ToListAsync(cancellationToken);
        foreach (var alert in ending)
        {
            alert.ExpiredAt = now;
            db.QueueReevaluation($"alert:{alert.Id}:end", $"{alert.Description} ended", alert.Area, now);
            db.AddOutboxMessage(new ColdWeatherAlertExpired(alert.Id, alert.Area, now), Clock);
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var dailyKey = $"daily:{today:yyyy-MM-dd}";
        if (!await db.Reevaluations.AnyAsync(r => r.Key == dailyKey, cancellationToken)) db.QueueReevaluation(dailyKey, $"daily {today:yyyy-MM-dd}: assessments run out", null, now, onlyRunOut: true);

        if (!db.ChangeTracker.HasChanges()) return false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance queued the same re-evaluations first.
        }
        return false;
    }
}
