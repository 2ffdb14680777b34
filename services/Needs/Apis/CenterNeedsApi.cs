using System.Security.Claims;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public static class CenterNeedsApi
{
    public static IEndpointRouteBuilder MapCenterNeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/centers").WithTags("Centre needs").RequireAuthorization(Policies.Staff);
        api.MapGet("/", ListCenters).WithSummary("Every centre's space, occupancy and winter totals");
        api.MapGet("/{id:guid}", GetCenter).WithSummary("One centre's space per person against the rule, occupancy and winter totals");
        return app;
    }

    public static async Task<Ok<List<CenterNeedsResponse>>> ListCenters(
        NeedsDbContext db, RuleSet defaults, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rules = await db.CurrentRulesAsync(defaults, cancellationToken);
        var caller = Caller.From(user);
        var centers = (await db.Centers.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Where(c => Sees(caller, c)).ToList();
        var totals = await db.CenterNeedTotals.AsNoTracking().ToDictionaryAsync(t => t.CenterId, cancellationToken);
        return TypedResults.Ok(centers.Select(c => CenterNeedsResponse.From(c, totals.GetValueOrDefault(c.Id), rules, clock)).ToList());
    }

    public static async Task<Results<Ok<CenterNeedsResponse>, NotFound>> GetCenter(
        Guid id, NeedsDbContext db, RuleSet defaults, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rules = await db.CurrentRulesAsync(defaults, cancellationToken);
        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        var caller = Caller.From(user);
        if (center is null || !Sees(caller, center)) return TypedResults.NotFound();
        var totals = await db.CenterNeedTotals.AsNoTracking().FirstOrDefaultAsync(t => t.CenterId == id, cancellationToken);
        return TypedResults.Ok(CenterNeedsResponse.From(center, totals, rules, clock));
    }

    /// <summary>A field worker reaches their centres; a coordinator the centres of their areas.</summary>
    public static bool Reaches(Caller caller, Guid centerId, CenterProfile? center) =>
        caller.Reaches(centerId, center?.Adm1Code, center?.Adm2Code);

    /// <summary>A centre's figures (not its people): administrators see every centre, the others what they reach.</summary>
    public static bool Sees(Caller caller, CenterProfile center) => caller.Is(Roles.Admin) || Reaches(caller, center.Id, center);

    /// <summary>
    /// Whether something about an area (an alert, a re-evaluation) concerns the caller: administrators see all; others
    /// what covers or lies within their areas, or the areas of the centres they reach (an alert for SY08 concerns the
    /// coordinator of SY0800, and one for SY0800 the coordinator of SY08).
    /// </summary>
    public static async Task<Func<string?, bool>> ConcernsAsync(NeedsDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Is(Roles.Admin)) return _ => true;
        var centres = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        var districts = centres.Where(c => Sees(caller, c)).Select(c => c.Adm2Code).Where(c => !string.IsNullOrEmpty(c)).ToList();
        static bool Within(string code, string area) => code.StartsWith(area, StringComparison.OrdinalIgnoreCase);
        // An area the caller is responsible for, inside or around theirs; or one that holds a centre they reach.
        return area => area is null || caller.Areas.Any(a => Within(a, area) || Within(area, a)) || districts.Any(d => Within(d, area));
    }

    /// <summary>Every centre for administrators; a field worker's centres; the centres of a coordinator's areas.</summary>
    public static async Task<HashSet<Guid>> SeenCentresAsync(NeedsDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        var centres = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        return centres.Where(c => Sees(caller, c)).Select(c => c.Id).ToHashSet();
    }
}

/// <summary>A centre's state against the rules in force; <c>status</c> and <c>reasons</c> sum up space, occupancy and WASH.</summary>
public sealed record CenterNeedsResponse(
    Guid CenterId, string Name, string Type, bool Heated, decimal FloorAreaM2, int NightCapacity, int? DayCapacity, int ToiletsFemale, int ToiletsMale,
    int Households, int People, CenterStatus Status, IReadOnlyList<Finding> Reasons, CenterEvaluation Evaluation, WinterTotals Winterization)
{
    public static CenterNeedsResponse From(CenterProfile c, CenterNeedTotal? totals, RuleSet rules, TimeProvider clock)
    {
        totals ??= new CenterNeedTotal { CenterId = c.Id };
        var evaluation = CenterRules.Evaluate(
            CenterConditions.Of(c, totals.People, totals.PeopleAtNight, totals.PeopleByDay),
            rules, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return new CenterNeedsResponse(c.Id, c.Name, c.Type, c.Heated, c.FloorAreaM2, c.NightCapacity, c.DayCapacity, c.ToiletsFemale, c.ToiletsMale,
            totals.Households, totals.People, evaluation.Status, evaluation.Reasons, evaluation,
            new WinterTotals(totals.Blankets, totals.Mattresses, totals.ClothingSets, totals.Heaters, totals.FuelLitres) { FuelLitresPerMonth = totals.FuelLitresPerMonth });
    }
}

/// <param name="FuelLitres">Heating fuel for the whole season.</param>
public sealed record WinterTotals(int Blankets, int Mattresses, int ClothingSets, int Heaters, int FuelLitres)
{
    /// <summary>Heating fuel a month while the season lasts: what one month's distribution must bring.</summary>
    public int FuelLitresPerMonth { get; init; }
}
