using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;

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
        var now = clock.GetUtcNow();
        var client = http.HttpContext?.User.FindFirst("client_id")?.Value ?? http.HttpContext?.User.FindFirst("azp")?.Value;
        foreach (var id in householdIds)
        {
            db.Audit.Add(new AuditEntry { At = now, Actor = reach.Caller.Subject, Client = client, Action = action, HouseholdId = id, Detail = detail });
        }
    }

    public void Add(AuditAction action, Guid householdId, string? detail = null) => Add(action, [householdId], detail);

    public async Task RecordReadAsync(AuditAction action, IEnumerable<Guid> householdIds, CancellationToken cancellationToken, string? detail = null)
    {
        Add(action, householdIds.Select(id => (Guid?)id), detail);
        await db.SaveChangesAsync(cancellationToken);
    }
}
