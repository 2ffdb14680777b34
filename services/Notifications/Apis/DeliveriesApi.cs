using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Apis;

public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/notifications/deliveries").WithTags("Deliveries").RequireAuthorization(Policies.Coordination)
            .MapGet("/", ListDeliveries).WithSummary("Every report delivery, newest first, optionally for one report");
        return app;
    }

    public static async Task<Ok<List<DeliveryResponse>>> ListDeliveries(Guid? reportId, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Deliveries.AsNoTracking();
        if (reportId is { } id) query = query.Where(d => d.ReportId == id);
        var deliveries = await query.OrderByDescending(d => d.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.Select(DeliveryResponse.From).ToList());
    }
}

public sealed record DeliveryResponse(
    Guid Id, Guid ReportId, string Channel, string Recipient, DeliveryStatus Status, int Attempts,
    string MessageId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    public static DeliveryResponse From(Delivery d) =>
        new(d.Id, d.ReportId, d.Channel, d.Recipient, d.Status, d.Attempts, d.MessageId, d.LastError, d.CreatedAt, d.SentAt);
}
