using System.Security.Claims;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Apis;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Situation reports").RequireAuthorization(Policies.Reports);
        api.MapGet("/", ListReports).WithSummary("Reports built for a subscription, newest first");
        api.MapGet("/{id:guid}", GetReport).WithSummary("One report: its suppressed text and HTML");
        api.MapGet("/{id:guid}.html", GetReportHtml).WithSummary("One report as the HTML a donor receives");
        api.MapGet("/{id:guid}.pdf", GetReportPdf).WithSummary("One report as PDF (A4), in the subscription's language");
        api.MapGet("/{id:guid}.csv", GetReportCsv).WithSummary("One report as HXL-tagged CSV (a header row, then a row of hashtags)");
        return app;
    }

    public static async Task<Ok<List<ReportSummary>>> ListReports(Guid? subscriptionId, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var query = await VisibleAsync(db, user, cancellationToken);
        if (subscriptionId is { } id) query = query.Where(r => r.SubscriptionId == id);
        return TypedResults.Ok(await query.OrderByDescending(r => r.Occurrence).Take(200)
            .Select(r => new ReportSummary(r.Id, r.SubscriptionId, r.Occurrence, r.CreatedAt, r.Subject)).ToListAsync(cancellationToken));
    }

    public static async Task<Results<Ok<ReportResponse>, NotFound>> GetReport(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var report = await (await VisibleAsync(db, user, cancellationToken)).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return report is null ? TypedResults.NotFound() : TypedResults.Ok(new ReportResponse(ReportSummary.From(report), report.Text, report.Html));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> GetReportHtml(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var report = await (await VisibleAsync(db, user, cancellationToken)).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return report is null ? TypedResults.NotFound() : TypedResults.Content(report.Html, "text/html; charset=utf-8");
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> GetReportCsv(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var report = await (await VisibleAsync(db, user, cancellationToken)).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return report is null
            ? TypedResults.NotFound()
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(report.Csv), "text/csv; charset=utf-8", report.FileName("csv"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> GetReportPdf(Guid id, ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var report = await (await VisibleAsync(db, user, cancellationToken)).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return report is null || report.Pdf.Length == 0
            ? TypedResults.NotFound()
            : TypedResults.File(report.Pdf, "application/pdf", report.FileName("pdf"));
    }

    /// <summary>
    /// A donor reads their organisation's reports; a coordinator those whose scope, as it was when the report was built,
    /// lies wholly in their areas (the same rule as Notifications' for the report's deliveries); an administrator all.
    /// Others answer as if they did not exist.
    /// </summary>
    private static async Task<IQueryable<SituationReport>> VisibleAsync(ReportingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var reports = db.Reports.AsNoTracking();
        if (caller.Is(Roles.Admin)) return reports;
        var organisation = caller.Organisation ?? "";
        var ofOrganisation = caller.Is(Roles.Donor)
            ? await db.Subscriptions.Where(s => s.Organisation == organisation).Select(s => s.Id).ToListAsync(cancellationToken)
            : [];
        if (!caller.Is(Roles.Coordinator)) return reports.Where(r => ofOrganisation.Contains(r.SubscriptionId));
        var inAreas = db.Reports.FromSql(caller.RowsWithinAreas("situation_reports")).Select(r => r.Id);
        return reports.Where(r => inAreas.Contains(r.Id) || ofOrganisation.Contains(r.SubscriptionId));
    }
}

public sealed record ReportSummary(Guid Id, Guid SubscriptionId, DateTimeOffset Occurrence, DateTimeOffset CreatedAt, string Subject)
{
    public static ReportSummary From(SituationReport r) => new(r.Id, r.SubscriptionId, r.Occurrence, r.CreatedAt, r.Subject);
}

public sealed record ReportResponse(ReportSummary Report, string Text, string Html);
