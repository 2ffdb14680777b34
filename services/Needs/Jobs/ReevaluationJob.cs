using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Needs.Jobs;

/// <summary>
/// Works through queued re-evaluations, oldest first, one batch of households per transaction. The batch and the
/// re-evaluation's cursor commit together, so a crash repeats at most one batch, and repeating it changes nothing:
/// an assessment depends only on the household's facts, its shelter, the rules, the alerts and the day. A batch that
/// meets a household changed meanwhile by an event is rolled back and run again.
/// </summary>
public sealed class ReevaluationJob(IServiceScopeFactory scopes, RuleSet defaults, TimeProvider timeProvider, IOptions<NeedsJobsOptions> options, ILogger<ReevaluationJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.ReevaluationPollInterval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NeedsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another instance working on a re-evaluation keeps its row locked; this one takes the next.
        var run = (await db.Reevaluations
            .FromSql($"SELECT * FROM reevaluations WHERE status <> 'Finished' ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken)).FirstOrDefault();
        if (run is null) return false;

        var now = Clock.GetUtcNow();
        if (run.Status == ReevaluationStatus.Queued)
        {
            run.Status = ReevaluationStatus.Running;
            run.StartedAt = now;
            run.Total = await (run.OnlyRunOut ? RunOut(db, run.Area, now) : InScope(db, run.Area)).CountAsync(cancellationToken);
        }

        var size = options.Value.ReevaluationBatchSize;
        var batch = await NextBatch(db, run, size, now).ToListAsync(cancellationToken);
        // Households first, then their shelters share-locked: a centre change committed in between is seen here,
        // and one that comes later waits for this batch and then weighs the households itself.
        var centreIds = batch.Select(h => h.CenterId).Distinct().ToArray();
        var centres = (await db.Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = ANY({centreIds}) FOR SHARE").ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id);
        var rules = await db.CurrentRulesAsync(defaults, cancellationToken);
        var alerts = await db.AlertsInForceAsync(now, cancellationToken);
        foreach (var household in batch)
        {
            household.Reassess(centres.GetValueOrDefault(household.CenterId), rules, alerts, now);
        }

        run.Done += batch.Count;
        run.Total = Math.Max(run.Total, run.Done);
        if (batch.Count > 0) run.Cursor = batch[^1].HouseholdId;
        if (batch.Count < size)
        {
            run.Status = ReevaluationStatus.Finished;
            run.FinishedAt = now;
            logger.LogInformation("Re-evaluation {ReevaluationId} ({Reason}) finished: {Done} households with rule set {RuleSetVersion}",
                run.Id, run.Reason, run.Done, rules.Version);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Open households: present in a centre, not merged, with their people known; of one area when it has one.</summary>
    public static IQueryable<HouseholdNeeds> InScope(NeedsDbContext db, string? area)
    {
        var open = db.Households.Where(h => h.Present && !h.Merged && h.SourceVersion > 0);
        return area is null ? open : open.Where(h => db.Centers.Any(c => c.Id == h.CenterId && (c.Adm1Code == area || c.Adm2Code == area)));
    }

    private static IQueryable<HouseholdNeeds> NextBatch(NeedsDbContext db, Reevaluation run, int size, DateTimeOffset now)
    {
        // No cursor for households whose assessment ran out: one assessed today holds at least until today
        // (AssessmentExpiry), so each batch leaves the set the next one reads (ADR-015).
        if (run.OnlyRunOut) return RunOut(db, run.Area, now).OrderBy(h => h.HoldsUntil).ThenBy(h => h.HouseholdId).Take(size);
        var after = run.Cursor ?? Guid.Empty;
        var households = run.Area is { } area
            ? db.Households.FromSql($"""
                SELECT h.*, h.xmin FROM household_needs h
                WHERE h.present AND NOT h.merged AND h.source_version > 0 AND h.household_id > {after}
                  AND h.center_id IN (SELECT c.id FROM centers c WHERE c.adm1code = {area} OR c.adm2code = {area})
                ORDER BY h.household_id LIMIT {size}
                """)
            : db.Households.FromSql($"""
                SELECT h.*, h.xmin FROM household_needs h
                WHERE h.present AND NOT h.merged AND h.source_version > 0 AND h.household_id > {after}
                ORDER BY h.household_id LIMIT {size}
                """);
        // Composing over FromSql wraps it in a subquery, which loses its order; order again outside.
        return households.OrderBy(h => h.HouseholdId);
    }

    /// <summary>Open households of the area whose assessment ran out before the day of <paramref name="now"/>.</summary>
    private static IQueryable<HouseholdNeeds> RunOut(NeedsDbContext db, string? area, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return InScope(db, area).Where(h => h.HoldsUntil < today);
    }
}
