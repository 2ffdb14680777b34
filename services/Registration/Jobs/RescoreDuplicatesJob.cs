using IdpTracker.Registration.Application;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Jobs;

/// <summary>
/// Scores the open pairs of the review queue again as they age. A pair is scored when one of its
/// households is registered or corrected, with the name frequencies of that moment; in a surge the register grows
/// tenfold in a day, and a name that looked rare among the first arrivals turns out to be common. A pair that no
/// longer reaches the threshold leaves the queue; the others get today's score and reasons. Decided pairs are never
/// touched.
/// </summary>
public sealed class RescoreDuplicatesJob(
    IServiceScopeFactory scopes, RegistrationActivity activity, DuplicateMatching matching, TimeProvider timeProvider, ILogger<RescoreDuplicatesJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    public const int BatchSize = 100;
    public static readonly TimeSpan Age = TimeSpan.FromMinutes(10);

    protected override TimeSpan Interval => Age;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (households, withdrawn) = await RescoreAsync(cancellationToken);
        if (withdrawn > 0) logger.LogInformation("{Count} possible duplicate pair(s) withdrawn after scoring again", withdrawn);
        return households == BatchSize;
    }

    /// <returns>How many households were looked at again, and how many open pairs fewer there are.</returns>
    public async Task<(int Households, int Withdrawn)> RescoreAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var finder = scope.ServiceProvider.GetRequiredService<DuplicateFinder>();
        // Households still indexed with older keys cannot be scored yet; BlindIndexUpgradeJob gets to them first.
        if (await db.Households.AnyAsync(h => h.NameKeysVersion < NameKeys.Version && h.PurgedAt == null, cancellationToken)) return (0, 0);
        // Ten minutes after it was found, then at doubling intervals (20, 40, 80 minutes...): the register changes most in
        // a surge's first hours, and a queue of thousands of open pairs is not scored again every round.
        var now = Clock.GetUtcNow();
        var before = now - Age;
        var stale = await db.Duplicates.AsNoTracking()
            .Where(d => d.Status == DuplicateStatus.Open && d.ScoredAt < before && d.ScoredAt - d.FoundAt < now - d.ScoredAt)
            .OrderBy(d => d.ScoredAt).Take(BatchSize).Select(d => d.FirstHouseholdId).ToListAsync(cancellationToken);
        var open = await db.Duplicates.CountAsync(d => d.Status == DuplicateStatus.Open, cancellationToken);
        foreach (var householdId in stale.Distinct())
        {
            // Scoring again can wait: during a surge registrations and the coordinators' figures get the machine first,
            // as for the finder itself (a large register holds thousands of open pairs, each rescored as it ages).
            await activity.WaitForQuietAsync(RegistrationActivity.MostWait, cancellationToken);
            // And to matching the households just registered, whose possible duplicates nobody has seen yet.
            await matching.WaitForQuietAsync(DuplicateMatching.MostWait, cancellationToken);
            // Finding again scores the household's open pairs too, whether or not the index still offers them.
            await finder.FindForAsync(householdId, cancellationToken);
        }
        var after = await db.Duplicates.CountAsync(d => d.Status == DuplicateStatus.Open, cancellationToken);
        return (stale.Count, Math.Max(0, open - after));
    }
}
