using System.Security.Claims;
using IdpTracker.Domain;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

/// <param name="Area">An adm1 or adm2 code, e.g. SY08 or SY0800.</param>
/// <param name="MinimumTemperatureC">The forecast minimum, °C.</param>
/// <param name="StartsAt">When the cold begins; now when left out.</param>
/// <param name="EndsAt">When the alert expires.</param>
public sealed record AlertRequest(string? Area, decimal? MinimumTemperatureC, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

public sealed record AlertResponse(Guid Id, string Area, decimal MinimumTemperatureC, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset RaisedAt, bool InForce, DateTimeOffset? AppliedAt, DateTimeOffset? ExpiredAt, Guid? ReevaluationId)
{
    public static AlertResponse From(ColdWeatherAlert a, DateTimeOffset now, Guid? reevaluationId = null) =>
        new(a.Id, a.Area, a.MinimumTemperatureC, a.StartsAt, a.EndsAt, a.RaisedAt, a.InForce(now), a.AppliedAt, a.ExpiredAt, reevaluationId);
}

public static class AlertsApi
{
    public static readonly TimeSpan LongestAlert = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/alerts").WithTags("Cold-weather alerts");
        api.MapPost("/", Raise).RequireAuthorization(Policies.Centres)
            .WithSummary("Raise a cold-weather alert for an area: households there in exposed or unheated shelter move up while it lasts")
            .WithDescription("Coordinators raise alerts for their own areas. The households of the area are weighed again in the " +
                             "background when the alert starts and when it ends; a ColdWeatherAlertRaised event is published.");
        api.MapGet("/", List).RequireAuthorization(Policies.Staff).WithSummary("Alerts in force or to come (all=true: also those that ended)");
        api.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Staff).WithSummary("One cold-weather alert");
        return app;
    }

    public static async Task<Results<Created<AlertResponse>, ValidationProblem>> Raise(
        AlertRequest request, NeedsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var startsAt = request.StartsAt ?? now;
        var errors = new Dictionary<string, string[]>();
        var area = request.Area?.Trim().ToUpperInvariant();
        var caller = Caller.From(user);
        if (!AdminCodes.IsValid(area)) errors["area"] = [$"Give the area's adm1 or adm2 code, {AdminCodes.Example}."];
        else if (!caller.CoversArea(area))
        {
            errors["area"] = [$"{area} is outside your areas ({string.Join(", ", caller.Areas)})."];
        }
        if (request.MinimumTemperatureC is not (>= -60 and <= 15)) errors["minimumTemperatureC"] = ["Give the forecast minimum in °C, from -60 to 15."];
        if (!RecordedDates.Credible(request.StartsAt)) errors["startsAt"] = [RecordedDates.TooEarly];
        if (request.EndsAt is not { } endsAt || endsAt <= startsAt || endsAt <= now)
        {
            errors["endsAt"] = ["Give when the alert ends: after it starts, and not in the past."];
        }
        else if (endsAt - startsAt > LongestAlert)
        {
            errors["endsAt"] = [$"An alert lasts at most {LongestAlert.TotalDays} days; raise another for a longer cold spell."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var alert = new ColdWeatherAlert
        {
            Id = Guid.CreateVersion7(now), Area = area!, MinimumTemperatureC = request.MinimumTemperatureC!.Value, StartsAt = startsAt,
            EndsAt = request.EndsAt!.Value, RaisedBy = caller.Subject, RaisedAt = now,
        };
        db.Alerts.Add(alert);
        db.AddOutboxMessage(new ColdWeatherAlertRaised(alert.Id, alert.Area, alert.MinimumTemperatureC, alert.StartsAt, alert.EndsAt, now), clock);
        Guid? reevaluationId = null;
        if (alert.StartsAt <= now)
        {
            // In force at once: its households are weighed now, not at the next round of the schedule.
            reevaluationId = alert.Start(db, now).Id;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/needs/alerts/{alert.Id}", AlertResponse.From(alert, now, reevaluationId));
    }

    /// <summary>The alerts of the caller's areas (<see cref="CenterNeedsApi.ConcernsAsync"/>), newest first.</summary>
    public static async Task<Ok<List<AlertResponse>>> List(bool? all, NeedsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var alerts = db.Alerts.AsNoTracking();
        if (all != true) alerts = alerts.Where(a => a.EndsAt > now);
        var concerns = await CenterNeedsApi.ConcernsAsync(db, Caller.From(user), cancellationToken);
        var found = (await alerts.OrderByDescending(a => a.StartsAt).ToListAsync(cancellationToken)).Where(a => concerns(a.Area)).Take(200);
        return TypedResults.Ok(found.Select(a => AlertResponse.From(a, now)).ToList());
    }

    public static async Task<Results<Ok<AlertResponse>, NotFound>> Get(Guid id, NeedsDbContext db, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellationToken) =>
        await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } alert
        && (await CenterNeedsApi.ConcernsAsync(db, Caller.From(user), cancellationToken))(alert.Area)
            ? TypedResults.Ok(AlertResponse.From(alert, clock.GetUtcNow()))
            : TypedResults.NotFound();
}
