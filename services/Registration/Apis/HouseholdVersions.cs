using System.Text.Json.Nodes;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

/// <summary>Keeps every version of a household, encrypted, in the same transaction as the change that makes it.</summary>
public sealed class HouseholdVersions(RegistrationDbContext db, PersonalDataProtector protector, Reach reach, TimeProvider clock)
{
    private const string Table = "household_versions";
    private const string Column = "content";

    public void Add(Household household, RegisterHouseholdRequest content, VersionChange change, int? baseVersion = null, bool byCaller = true)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        db.Versions.Add(new HouseholdVersion
        {
            Id = id,
            HouseholdId = household.Id,
            Version = household.Version,
            Content = protector.Protect(HouseholdCopies.ToJson(content), Table, Column, id),
            StoredAt = clock.GetUtcNow(),
            StoredBy = byCaller ? reach.Caller.Subject : null,
            Change = change,
            BaseVersion = baseVersion,
        });
    }

    /// <summary>
    /// A household stored before its versions were kept has no copy of the version about to be overwritten: keep it
    /// now, from what is stored, so the change that follows overwrites nothing for good.
    /// </summary>
    public async Task KeepCurrentAsync(Household stored, CancellationToken cancellationToken)
    {
        if (await db.Versions.AnyAsync(v => v.HouseholdId == stored.Id && v.Version == stored.Version, cancellationToken)) return;
        Add(stored, HouseholdResponse.From(stored, protector).ToRequest(), stored.Version == 1 ? VersionChange.Registered : VersionChange.Corrected, byCaller: false);
    }

    /// <summary>One version's content, or null when it was not kept (stored before versions were, or erased).</summary>
    public async Task<JsonObject?> ContentAsync(Guid householdId, int version, CancellationToken cancellationToken) =>
        (await FindAsync(householdId, version, cancellationToken))?.Content;

    /// <summary>One version with its content, or null when it was not kept.</summary>
    public async Task<(HouseholdVersion Row, JsonObject Content)?> FindAsync(Guid householdId, int version, CancellationToken cancellationToken)
    {
        var row = await db.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.HouseholdId == householdId && v.Version == version, cancellationToken);
        return row is null ? null : (row, Read(row));
    }

    public async Task<List<(HouseholdVersion Row, JsonObject Content)>> AllAsync(Guid householdId, CancellationToken cancellationToken) =>
        (await db.Versions.AsNoTracking().Where(v => v.HouseholdId == householdId).OrderBy(v => v.Version).ToListAsync(cancellationToken))
        .Select(v => (v, Read(v))).ToList();

    private JsonObject Read(HouseholdVersion row) => protector.Unprotect<JsonObject>(row.Content, Table, Column, row.Id);
}
