using System.Linq.Expressions;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.Extensions.Options;

namespace IdpTracker.Registration.Jobs;

public sealed class OverdueFollowUpOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Marks households that left <see cref="Journey.OverdueAfterDays"/> or more days ago with no
/// follow-up visit since, so they are listed for follow-up and not silently dropped, and says so
/// with a HouseholdOverdue event (through the outbox, once per absence).
/// </summary>
public sealed class OverdueFollowUpJob(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<OverdueFollowUpOptions> options, ILogger<OverdueFollowUpJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var count = await MarkOverdueAsync(cancellationToken);
        if (count > 0) logger.LogInformation("{Count} household(s) marked overdue for follow-up", count);
        return count == 500;
    }

    /// <summary>Left on or before <paramref name="cutoff"/>, not seen since, not marked yet.</summary>
    private static Expression<Func<Household, bool>> Overdue(DateTimeOffset cutoff) => h =>
        h.Status == PlaceStatus.Departed && h.OverdueSince == null && h.StatusSince <= cutoff
        && (h.LastFollowUpAt == null || h.LastFollowUpAt < h.StatusSince);

    public async Task<int> MarkOverdueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var now = Clock.GetUtcNow();
        var cutoff = now.AddDays(-Journey.OverdueAfterDays);
        var candidates = await db.Households.Where(Overdue(cutoff))
            .OrderBy(h => h.StatusSince).Take(500).Select(h => h.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another copy of the service may be marking the same households: each takes those it can lock (the lock waits
        // for nothing), so each absence is announced once. Locked, they are read again with the whole condition: one
        // marked, seen or back meanwhile is left alone.
        var locked = await db.LockHouseholdsSkippingLockedAsync(candidates, cancellationToken);
        var due = await db.Households.Where(h => locked.Contains(h.Id)).Where(Overdue(cutoff)).ToListAsync(cancellationToken);
        foreach (var household in due)
        {
            household.OverdueSince = now;
            db.AddOutboxMessage(new HouseholdOverdue(household.Id, household.StatusSince,
                household.Destination is { } d ? PlaceEvents.Code(d) : null, now), Clock);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}
