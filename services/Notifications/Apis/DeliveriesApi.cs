using System.Security.Claims;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Notifications.Apis;

public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/deliveries").WithTags("Deliveries").RequireAuthorization(Policies.Coordination);
        api.MapGet("/", ListDeliveries).WithSummary("Every report delivery, newest first, with each attempt (reportId and status filter)");
        api.MapGet("/{id:guid}", GetDelivery).WithSummary("One delivery with each attempt");
        api.MapPost("/{id:guid}/resend", Resend)
            .WithSummary("Send a delivery again, failed or lost: retried for another day, with the same Message-ID so the recipient can tell");
        return app;
    }

    public static async Task<Ok<List<DeliveryResponse>>> ListDeliveries(Guid? reportId, DeliveryStatus? status, NotificationsDbContext db, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var query = Reachable(db.Deliveries.AsNoTracking(), db, user).Include(d => d.AttemptLog).AsSplitQuery();
        if (reportId is { } id) query = query.Where(d => d.ReportId == id);
        if (status is { } wanted) query = query.Where(d => d.Status == wanted);
        var deliveries = await query.OrderByDescending(d => d.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.Select(DeliveryResponse.From).ToList());
    }

    public static async Task<Results<Ok<DeliveryResponse>, NotFound>> GetDelivery(Guid id, NotificationsDbContext db, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        await Reachable(db.Deliveries.AsNoTracking(), db, user).Include(d => d.AttemptLog).FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } delivery
            ? TypedResults.Ok(DeliveryResponse.From(delivery))
            : TypedResults.NotFound();

    public static async Task<Results<Accepted<DeliveryResponse>, NotFound>> Resend(
        Guid id, NotificationsDbContext db, ClaimsPrincipal user, TimeProvider clock, IOptions<DeliveryOptions> options, CancellationToken cancellationToken)
    {
        var delivery = await Reachable(db.Deliveries, db, user).Include(d => d.AttemptLog).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null) return TypedResults.NotFound();
        delivery.Resend(clock.GetUtcNow(), options.Value);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/notifications/deliveries/{id}", DeliveryResponse.From(delivery));
    }

    /// <summary>
    /// Deliveries of reports whose whole scope lies in the caller's areas (recipients' addresses and webhook URLs are
    /// the subscription's, not for coordinators elsewhere); administrators reach all. The same rule as
    /// <c>Caller.CoversScope</c>, in SQL (<c>Caller.RowsWithinAreas</c>).
    /// </summary>
    private static IQueryable<Delivery> Reachable(IQueryable<Delivery> deliveries, NotificationsDbContext db, ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        if (caller.Is(Roles.Admin)) return deliveries;
        var reports = db.Reports.FromSql(caller.RowsWithinAreas("report_copies")).Select(r => r.ReportId);
        return deliveries.Where(d => reports.Contains(d.ReportId));
    }
}

public sealed record AttemptResponse(DateTimeOffset AttemptedAt, bool Succeeded, string? Error)
{
    /// <summary>The address tried (null for attempts recorded before addresses were kept).</summary>
    public string? Recipient { get; init; }
}

public sealed record DeliveryResponse(
    Guid Id, Guid ReportId, string Channel, string Recipient, DeliveryStatus Status, int Attempts,
    string MessageId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt,
    DateTimeOffset RetryUntil, DateTimeOffset? FailedAt, IReadOnlyList<AttemptResponse> AttemptLog)
{
    public static DeliveryResponse From(Delivery d) =>
        new(d.Id, d.ReportId, d.Channel, d.Recipient, d.Status, d.Attempts, d.MessageId, d.LastError, d.CreatedAt, d.SentAt, d.NextAttemptAt,
            d.RetryUntil, d.FailedAt, d.AttemptLog.OrderBy(a => a.AttemptedAt).Select(a => new AttemptResponse(a.AttemptedAt, a.Succeeded, a.Error) { Recipient = a.Recipient }).ToList());
}
