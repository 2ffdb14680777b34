using IdpTracker.ServiceDefaults.Jobs;
using IdpTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Web.Sessions;

/// <summary>Forgets sessions a day after they ended or lapsed: their tokens are of no use to anyone and are not kept.</summary>
public sealed class EndedSessionsCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EndedSessionsCleanup> logger) : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var before = Clock.GetUtcNow().AddDays(-1);
        var removed = await db.Sessions.Where(s => s.ExpiresAt < before || s.EndedAt < before).Take(1000).ExecuteDeleteAsync(cancellationToken);
        return removed == 1000;
    }
}
