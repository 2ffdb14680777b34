using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Apis;

public static class FiguresApi
{
    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/reports/figures").WithTags("Figures").RequireAuthorization(Policies.Coordination)
            .MapGet("/", GetFigures)
            .WithSummary("A report's figures now, exact: people by centre, sex and age bracket, departures, arrivals since a time (default the last 24 hours), " +
                         "centre status and sector needs (for coordinators, in their areas; donor outputs are suppressed)");
        return app;
    }

    public static async Task<Ok<ReportFigures>> GetFigures(
        Guid? centerId, DateTimeOffset? since, ReportingDbContext db, System.Security.Claims.ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Exact counts, small ones included: only for the centres of the coordinator's own areas.
        var areas = Caller.From(user).Areas.ToList();
        var centers = db.Centers.AsNoTracking().Where(c => areas.Contains(c.Adm1Code) || areas.Contains(c.Adm2Code));
        var households = db.Households.AsNoTracking().Where(h => !h.Merged && h.SourceVersion > 0 && centers.Any(c => c.Id == h.CenterId));
        if (centerId is { } id)
        {
            households = households.Where(h => h.CenterId == id);
            centers = centers.Where(c => c.Id == id);
        }
        var now = clock.GetUtcNow();
        var inScope = await centers.ToListAsync(cancellationToken);
        var ids = inScope.Select(c => c.Id).ToList();
        var needs = await db.CenterNeeds.AsNoTracking().Where(n => ids.Contains(n.CenterId)).ToDictionaryAsync(n => n.CenterId, n => n.Summary, cancellationToken);
        // Protection only for governorates wholly in the caller's areas, and never for one centre.
        var whole = centerId is null
            ? SituationReportJob.WholeGovernorates(await db.Centers.AsNoTracking().ToListAsync(cancellationToken),
                (_, adm1, adm2) => areas.Contains(adm1) || areas.Contains(adm2))
            : [];
        var figures = ReportFigures.From(await households.ToListAsync(cancellationToken), inScope, needs, now, since ?? now.AddDays(-1), TimeZoneInfo.Utc, whole);
        return TypedResults.Ok(figures);
    }
}
