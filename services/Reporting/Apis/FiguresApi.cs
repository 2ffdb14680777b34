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
                         "centre status and sector needs (for coordinators, in their areas; donor outputs are suppressed); " +
                         "narrowed to one of the caller's areas (area: a governorate or district code) or one centre (centerId)");
        return app;
    }

    public static async Task<Ok<ReportFigures>> GetFigures(
        Guid? centerId, string? area, DateTimeOffset? since, ReportingDbContext db, System.Security.Claims.ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Exact counts, small ones included: only for the centres of the coordinator's own areas.
        var areas = Caller.From(user).Areas.ToList();
        bool Covers(string adm1, string adm2) => areas.Contains(adm1) || areas.Contains(adm2);
        var allCentres = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        bool InArea(ProjectedCenter c) => string.IsNullOrWhiteSpace(area)
            || string.Equals(c.Adm1Code, area, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Adm2Code, area, StringComparison.OrdinalIgnoreCase);
        var inScope = allCentres.Where(c => Covers(c.Adm1Code, c.Adm2Code) && InArea(c) && (centerId is null || c.Id == centerId)).ToList();
        var ids = inScope.Select(c => c.Id).ToList();
        var now = clock.GetUtcNow();
        since ??= now.AddDays(-1);
        // Added up in the database from the totals of the households' counts (ADR-012): no household is read into the service.
        await db.RecountDueAsync(DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        // One snapshot for the three reads, so the figures agree with each other.
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var inputs = new FigureInputs(
            await FigureInputs.GroupsOf(db.PeopleCountTotals.Where(t => ids.Contains(t.CenterId))).ToListAsync(cancellationToken),
            await db.ArrivalsAsync(db.PeopleCounts.Where(c => ids.Contains(c.CenterId)), db.ArrivalTotals.Where(t => ids.Contains(t.CenterId)), since, null, cancellationToken),
            await FigureInputs.ProtectionOf(db.ProtectionCountTotals.Where(t => ids.Contains(t.CenterId))).ToListAsync(cancellationToken));
        var needs = await db.CenterNeeds.AsNoTracking().Where(n => ids.Contains(n.CenterId)).ToDictionaryAsync(n => n.CenterId, n => n.Summary, cancellationToken);
        // Protection only for governorates wholly in the caller's areas, and never for one centre.
        var whole = centerId is null && string.IsNullOrWhiteSpace(area) ? SituationReportJob.WholeGovernorates(allCentres, (_, adm1, adm2) => Covers(adm1, adm2)) : [];
        var figures = ReportFigures.From(inputs, inScope, needs, now, since, TimeZoneInfo.Utc, whole);
        return TypedResults.Ok(figures);
    }
}
