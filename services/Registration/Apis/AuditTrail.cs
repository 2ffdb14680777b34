using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

/// <summary>
/// Records reads and changes of households' personal data for the caller of this request. A change is
/// recorded in the same transaction as the change (add, then the caller saves); a read is saved before
/// the data leaves, so nothing is shown that is not on record.
/// </summary>
public sealed class AuditTrail(RegistrationDbContext db, Reach reach, IHttpContextAccessor http, TimeProvider clock)
{
    public void Add(AuditAction action, IEnumerable<Guid?> householdIds, string? detail = null)
    {
        var (now, client) = (clock.GetUtcNow(), Client());
        foreach (var id in householdIds)
        {
            db.Audit.Add(new AuditEntry { At = now, Actor = reach.Caller.Subject, Client = client, Action = action, HouseholdId = id, Detail = detail });
        }
    }

    public void Add(AuditAction action, Guid householdId, string? detail = null) => Add(action, [householdId], detail);

    /// <summary>
    /// Puts the read on record at once, a row a household in one statement (a page of fifty households read is fifty
    /// rows; through the change tracker they cost more than the page itself). Saves nothing else the context holds.
    /// </summary>
    public async Task RecordReadAsync(AuditAction action, IEnumerable<Guid> householdIds, CancellationToken cancellationToken, string? detail = null)
    {
        var ids = householdIds.ToArray();
        if (ids.Length == 0) return;
        var (now, client, actor, code) = (clock.GetUtcNow(), Client(), reach.Caller.Subject, action.ToString());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_entries (at, actor, client, action, household_id, detail)
            SELECT {now}, {actor}, {client}::text, {code}, id, {detail}::text FROM unnest({ids}) AS id
            """, cancellationToken);
    }

    private string? Client() => http.HttpContext?.User.FindFirst("client_id")?.Value ?? http.HttpContext?.User.FindFirst("azp")?.Value;
}
