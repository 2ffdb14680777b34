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

    public async Task<int> MarkOverdueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var now = Clock.GetUtcNow();
        var cutoff = now.AddDays(-Journey.OverdueAfterDays);
        var due = await db.Households
            .Where(h => h.Status == PlaceStatus.Departed && h.OverdueSince == null && h.StatusSince <= cutoff
                        && (h.LastFollowUpAt == null || h.LastFollowUpAt < h.StatusSince))
            .OrderBy(h => h.StatusSince).Take(500)
            .ToListAsync(cancellationToken);
        foreach (var household in due)
        {
            household.OverdueSince = now;
            db.AddOutboxMessage(new HouseholdOverdue(household.Id, household.StatusSince,
                household.Destination is { } d ? PlaceEvents.Code(d) : null, now), Clock);
        }
        // PlaceVersion guards against a movement recorded meanwhile; the next round sees it.
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateConcurrencyException) { return 0; }
        return due.Count;
    }
}
