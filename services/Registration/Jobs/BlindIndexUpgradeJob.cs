using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using IdpTracker.ServiceDefaults.Jobs;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Jobs;

/// <summary>
/// Indexes again the households whose blind index was made by an older version of the matching keys
/// (<see cref="NameKeys.Version"/>), so a change to how names are matched reaches the whole register, not only the
/// families registered after it, and looks for each household's duplicates with the new keys. The names are
/// decrypted in this process only to derive their keys. Households
/// already erased by retention have nothing to index. Two copies of the service share the work (SKIP LOCKED).
/// </summary>
public sealed class BlindIndexUpgradeJob(IServiceScopeFactory scopes, TimeProvider timeProvider, ILogger<BlindIndexUpgradeJob> logger)
    : PeriodicJob(timeProvider, logger)
{
    public const int BatchSize = 200;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var count = await UpgradeAsync(cancellationToken);
        if (count > 0) logger.LogInformation("Blind index of {Count} household(s) brought to matching keys version {Version}", count, NameKeys.Version);
        return count == BatchSize;
    }

    public async Task<int> UpgradeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM households
            WHERE name_keys_version < {NameKeys.Version} AND purged_at IS NULL
            ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0) return 0;

        var households = await db.Households.Include(h => h.Members).Where(h => ids.Contains(h.Id)).ToListAsync(cancellationToken);
        var entries = (await db.NameIndex.Where(e => ids.Contains(e.HouseholdId)).ToListAsync(cancellationToken)).ToLookup(e => e.HouseholdId);
        foreach (var household in households)
        {
            var members = household.Members.Select(m => (m, m.PersonalCipher is null
                ? new MemberPersonalData(null, null)
                : protector.Unprotect<MemberPersonalData>(m.PersonalCipher, "members", "personal", m.Id)));
            var phone = household.ContactCipher is null ? null
                : protector.Unprotect<HouseholdContact>(household.ContactCipher, "households", "contact", household.Id).Phone;
            BlindIndex.Apply(db, protector, household, members, phone, entries[household.Id].ToList());
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The new keys may pair families the old ones could not (a family in Arabic at one centre and in Latin at another).
        var finder = scope.ServiceProvider.GetRequiredService<Application.DuplicateFinder>();
        foreach (var id in ids) await finder.FindForAsync(id, cancellationToken);
        return ids.Count;
    }
}
