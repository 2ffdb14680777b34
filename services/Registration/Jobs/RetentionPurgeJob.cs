using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.Extensions.Options;

namespace IdpTracker.Registration.Jobs;

public sealed class RetentionOptions
{
    /// <summary>How long personal data of a closed household is kept.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(180);
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Erases names, phone numbers, their search keys and refused copies of households closed longer than the
/// retention period: returned home and visited since, or merged into another registration. What is
/// counted stays (sex, birth date, place, journey), so figures and reports do not change; the household
/// keeps its id, so a late resend from a device is still recognised. Each erasure is on the audit record.
/// </summary>
public sealed class RetentionPurgeJob(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<RetentionOptions> options, ILogger<RetentionPurgeJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    public const string Actor = "retention";

    protected override TimeSpan Interval => options.Value.Interval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var count = await PurgeAsync(cancellationToken);
        if (count > 0) logger.LogInformation("Personal data of {Count} closed household(s) erased after the retention period", count);
        return count == 200;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var now = Clock.GetUtcNow();
        var cutoff = now - options.Value.Period;
        var candidates = await db.Households
            .Where(h => h.PurgedAt == null
                        && ((h.MergedAt != null && h.MergedAt <= cutoff)
                            || (h.Status == PlaceStatus.Departed && h.Destination == Destination.ReturnedHome
                                && h.LastFollowUpAt != null && h.LastFollowUpAt >= h.StatusSince && h.LastFollowUpAt <= cutoff)))
            .OrderBy(h => h.StatusSince).Take(200).Select(h => h.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another copy of the service may be erasing the same households: each takes those it can lock and not yet
        // erased (the lock waits for nothing and re-reads purged_at), so each erasure is made and audited once.
        var ids = await db.Database.SqlQuery<Guid>(
                $"SELECT id AS \"Value\" FROM households WHERE id = ANY({candidates}) AND purged_at IS NULL FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        var due = await db.Households.Include(h => h.Members).Where(h => ids.Contains(h.Id)).ToListAsync(cancellationToken);
        foreach (var household in due)
        {
            household.ContactCipher = null;
            household.PhoneKey = null;
            household.Members.ForEach(m => m.PersonalCipher = null);
            household.PurgedAt = now;
            db.Audit.Add(new AuditEntry { At = now, Actor = Actor, Action = AuditAction.Purge, HouseholdId = household.Id, Detail = $"closed longer than {options.Value.Period.TotalDays:0} days" });
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.NameIndex.Where(e => ids.Contains(e.HouseholdId)).ExecuteDeleteAsync(cancellationToken);
        await db.Conflicts.Where(c => ids.Contains(c.HouseholdId)).ExecuteDeleteAsync(cancellationToken);
        await db.Versions.Where(v => ids.Contains(v.HouseholdId)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}
