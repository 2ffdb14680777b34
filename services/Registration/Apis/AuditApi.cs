using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Administration)
            .MapGet("/", ListAudit)
            .WithSummary("Every read and change of households' personal data, newest first: who, when, what, from which client")
            .WithDescription("Filter by householdId, actor (a user id), from and to. Entries hold ids, never names, and cannot be changed or deleted.");
        return app;
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAudit(
        Guid? householdId, string? actor, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
        RegistrationDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Check(page, pageSize, defaultSize: 100, maxSize: 500, "entries", out var paging) is { } pagingErrors)
        {
            return TypedResults.ValidationProblem(pagingErrors);
        }
        var (number, size) = paging;
        var entries = db.Audit.AsNoTracking();
        if (householdId is { } household) entries = entries.Where(e => e.HouseholdId == household);
        if (!string.IsNullOrWhiteSpace(actor)) entries = entries.Where(e => e.Actor == actor);
        if (from is { } start) entries = entries.Where(e => e.At >= start);
        if (to is { } end) entries = entries.Where(e => e.At < end);
        var items = await entries.OrderByDescending(e => e.Id).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditPage(number, size, items));
    }
}

public sealed record AuditPage(int Page, int PageSize, IReadOnlyList<AuditEntry> Items);
