using System.Security.Claims;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public sealed record NeedsSummaryResponse(string? Area, Guid? CenterId, DateOnly AsOf, string RuleSetVersion, int Centres, int Households, int People,
    IReadOnlyList<SectorSummary> Sectors);

public static class NeedsSummaryApi
{
    public static IEndpointRouteBuilder MapNeedsSummaryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/needs/summary").WithTags("Centre needs").RequireAuthorization(Policies.Staff)
            .MapGet("/", GetSummary)
            .WithSummary("People in need, targeted, reached and the gap per sector, by sex and age bracket, for an area, a centre or everything you reach")
            .WithDescription("Sectors: winterization (blankets, mattresses, clothing), heating (heaters, fuel), shelter and wash. " +
                             "Each sector states how it counts; reached is null where no response is recorded as a distribution.");
        return app;
    }

    public static async Task<Results<Ok<NeedsSummaryResponse>, NotFound>> GetSummary(
        string? area, Guid? centerId, NeedsDbContext db, RuleSet defaults, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var seen = (await db.Centers.AsNoTracking().ToListAsync(cancellationToken)).Where(c => CenterNeedsApi.Sees(caller, c)).ToList();
        if (centerId is { } wanted && seen.All(c => c.Id != wanted)) return TypedResults.NotFound();
        var centres = seen
            .Where(c => (centerId is null || c.Id == centerId)
                        && (string.IsNullOrWhiteSpace(area) || string.Equals(c.Adm1Code, area, StringComparison.OrdinalIgnoreCase)
                                                            || string.Equals(c.Adm2Code, area, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(c => c.Id);
        var ids = centres.Keys.ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await db.RecountDueTalliesAsync(today, cancellationToken);
        var rules = await db.CurrentRulesAsync(defaults, cancellationToken);
        var groups = await NeedsSummary.Groups(db.PeopleTallyTotals.Where(t => ids.Contains(t.CenterId)), rules.TargetMinPriority).ToListAsync(cancellationToken);
        return TypedResults.Ok(new NeedsSummaryResponse(area, centerId, today, rules.Version, centres.Count, groups.Sum(g => g.Households), groups.Sum(g => g.People),
            NeedsSummary.For(groups, centres, rules, today)));
    }
}
