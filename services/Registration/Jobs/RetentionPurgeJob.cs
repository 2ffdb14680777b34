using System.Linq.Expressions;
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

    /// <summary>Merged into another registration, or gone home and seen there, longer ago than the retention period.</summary>
    private static Expression<Func<Household, bool>> Erasable(DateTimeOffset cutoff) => h =>
        h.PurgedAt == null
        && ((h.MergedAt != null && h.MergedAt <= cutoff)
            || (h.Status == PlaceStatus.Departed && h.Destination == Destination.ReturnedHome
                && h.LastFollowUpAt != null && h.LastFollowUpAt >= h.StatusSince && h.LastFollowUpAt <= cutoff));

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var now = Clock.GetUtcNow();
        var cutoff = now - options.Value.Period;
        var candidates = await db.Households.Where(Erasable(cutoff))
            .OrderBy(h => h.StatusSince).Take(200).Select(h => h.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another copy of the service may be erasing the same households: each takes those it can lock (the lock waits
        // for nothing), so each erasure is made and audited once. Locked, they are read again with the whole condition:
        // a family that came back between the two reads is active again and keeps its data.
        var locked = await db.LockHouseholdsSkippingLockedAsync(candidates, cancellationToken);
        var due = await db.Households.Include(h => h.Members).Where(h => locked.Contains(h.Id)).Where(Erasable(cutoff)).ToListAsync(cancellationToken);
        var ids = due.Select(h => h.Id).ToList();
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
