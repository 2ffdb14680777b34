using IdpTracker.Reporting.Data;
using IdpTracker.ServiceDefaults.Jobs;

namespace IdpTracker.Reporting.Jobs;

/// <summary>
/// Counts again, at start and every hour, the households a member of which has changed age bracket since they were
/// counted (and, after an upgrade, those never counted), so the live figures rarely find any left to count.
/// </summary>
public sealed class RecountPeopleJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecountPeopleJob> logger) : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        var recounted = await db.RecountDueAsync(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), cancellationToken);
        if (recounted > 0) logger.LogInformation("Counted {Households} households again for a new day's age brackets", recounted);
        return false;
    }
}
