using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

/// <summary>
/// The centres the caller of this request reaches: a field worker's assigned centres, the centres in a
/// coordinator's areas. A household is reached through the centre it registered at or the one it is at now.
/// Anything out of reach answers as if it did not exist, so ids cannot be probed.
/// </summary>
public sealed class Reach(RegistrationDbContext db, IHttpContextAccessor http)
{
    private HashSet<Guid>? _centres;

    public Caller Caller { get; } = Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal());

    /// <summary>Administrators see every centre (not the people in them).</summary>
    public bool SeesAllCentres => Caller.Is(Roles.Admin);

    public async Task<IReadOnlySet<Guid>> CentresAsync(CancellationToken cancellationToken)
    {
        if (_centres is not null) return _centres;
        var centres = Caller.Is(Roles.FieldWorker) ? Caller.Centres.ToHashSet() : [];
        if (Caller.Is(Roles.Coordinator) && Caller.Areas.Count > 0)
        {
            var areas = Caller.Areas.ToList();
            centres.UnionWith(await db.Centers.AsNoTracking()
                .Where(c => areas.Contains(c.Adm1Code) || areas.Contains(c.Adm2Code) || (c.Adm3Code != null && areas.Contains(c.Adm3Code)))
                .Select(c => c.Id).ToListAsync(cancellationToken));
        }
        return _centres = centres;
    }

    public async Task<IQueryable<Household>> HouseholdsAsync(IQueryable<Household> households, CancellationToken cancellationToken)
    {
        var centres = (await CentresAsync(cancellationToken)).ToList();
        return households.Where(h => centres.Contains(h.CenterId) || (h.CurrentCenterId != null && centres.Contains(h.CurrentCenterId.Value)));
    }

    public async Task<bool> ReachesAsync(Household household, CancellationToken cancellationToken)
    {
        var centres = await CentresAsync(cancellationToken);
        return centres.Contains(household.CenterId) || (household.CurrentCenterId is { } now && centres.Contains(now));
    }

    public async Task<bool> ReachesHouseholdAsync(Guid householdId, CancellationToken cancellationToken) =>
        await (await HouseholdsAsync(db.Households.AsNoTracking(), cancellationToken)).AnyAsync(h => h.Id == householdId, cancellationToken);

    public const string NotYourCentre = "None of your reception centres has this id. Choose one of your centres.";
}
