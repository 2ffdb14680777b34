using IdpTracker.Reporting.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Data;

/// <summary>Which subscriptions a caller may see, by the areas their scope reaches (reports keep the scope they were built for).</summary>
public static class SubscriptionScopes
{
    /// <summary>
    /// The admin codes a subscription's scope reaches: its areas, and the district of each of its centres (a centre
    /// Reporting does not know yet reaches an unknown place, which only administrators cover).
    /// </summary>
    public static async Task<Dictionary<Guid, List<string>>> ScopeAreasAsync(this ReportingDbContext db, IReadOnlyCollection<Subscription> subscriptions,
        CancellationToken cancellationToken)
    {
        var centreIds = subscriptions.SelectMany(s => s.Centres).Distinct().ToList();
        var districts = await db.Centers.AsNoTracking().Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Adm2Code, cancellationToken);
        return subscriptions.ToDictionary(s => s.Id, s => s.Areas.Concat(s.Centres.Select(c => districts.GetValueOrDefault(c) ?? "?")).Distinct().ToList());
    }

    /// <summary>
    /// The live subscriptions a caller sees: a donor their organisation's; a coordinator those whose whole scope lies in
    /// their areas; an administrator all.
    /// </summary>
    public static async Task<List<Subscription>> VisibleSubscriptionsAsync(this ReportingDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        var query = db.Subscriptions.AsNoTracking().Where(s => s.DeletedAt == null);
        if (caller.Is(Roles.Admin)) return await query.ToListAsync(cancellationToken);
        var organisation = caller.Organisation ?? "";
        if (!caller.Is(Roles.Coordinator)) return await query.Where(s => s.Organisation == organisation).ToListAsync(cancellationToken);

        var all = await query.ToListAsync(cancellationToken);
        var scopes = await db.ScopeAreasAsync(all, cancellationToken);
        return all.Where(s => caller.CoversScope(scopes[s.Id]) || (caller.Is(Roles.Donor) && s.Organisation == organisation)).ToList();
    }
}
