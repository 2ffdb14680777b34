using IdpTracker.Registration.Data;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Registration.Jobs;

public sealed class OccupancyTotalsOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Folds the changes to centres' occupancy that the database appends with every write (occupancy_changes) into its
/// totals (occupancy_totals), so that a centre's occupancy reads a few rows of totals and the changes since the last
/// round. The answer is the same before and after a round: it only keeps the changes short
/// (docs/decisions/ADR-013-occupancy-from-totals-the-database-keeps.md).
/// </summary>
public sealed class OccupancyTotalsJob(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<OccupancyTotalsOptions> options, ILogger<OccupancyTotalsJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    public const int RowsARound = 50_000;

    protected override TimeSpan Interval => options.Value.Interval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken) => await FoldAsync(cancellationToken) == RowsARound;

    /// <returns>How many changes were folded in.</returns>
    public async Task<int> FoldAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One copy of the service folds at a time; the others find the lock taken and leave the round to it.
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtext('occupancy_totals')) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return 0;
        }
        // Changes are only appended, never updated: moving some into the totals in one transaction leaves any written
        // meanwhile for the next round, and a reader sees them either among the changes or in the totals, never both.
        // Read as a list: a query composed over it (SingleAsync) would nest its data-modifying WITH, which PostgreSQL refuses.
        var folded = (await db.Database.SqlQuery<int>($"""
            WITH moved AS (
                DELETE FROM occupancy_changes
                WHERE id IN (SELECT id FROM occupancy_changes ORDER BY id LIMIT {RowsARound})
                RETURNING center_id, presence, sex, date_of_birth, households, people),
            summed AS (
                INSERT INTO occupancy_totals AS t (center_id, presence, sex, date_of_birth, households, people)
                SELECT center_id, presence, sex, date_of_birth, sum(households), sum(people)
                FROM moved
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                ON CONFLICT ON CONSTRAINT uq_occupancy_totals
                DO UPDATE SET households = t.households + excluded.households, people = t.people + excluded.people)
            SELECT count(*)::int AS "Value" FROM moved
            """).ToListAsync(cancellationToken)).Single();
        await transaction.CommitAsync(cancellationToken);
        return folded;
    }
}
