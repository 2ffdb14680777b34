using System.Security.Claims;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public sealed record ReevaluationResponse(Guid Id, string Reason, string? Area, ReevaluationStatus Status, int Total, int Done, int PercentDone,
    DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static ReevaluationResponse From(Reevaluation r) => new(r.Id, r.Reason, r.Area, r.Status, r.Total, r.Done,
        r.Status == ReevaluationStatus.Finished ? 100 : r.Total == 0 ? 0 : Math.Min(99, 100 * r.Done / r.Total),
        r.RequestedAt, r.StartedAt, r.FinishedAt);
}

/// <summary>Progress of the background re-evaluations a rule set, an alert or a new day started.</summary>
public static class ReevaluationsApi
{
    public static IEndpointRouteBuilder MapReevaluationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/reevaluations").WithTags("Rule sets").RequireAuthorization(Policies.Centres);
        api.MapGet("/", List).WithSummary("The latest re-evaluations, newest first, with their progress");
        api.MapGet("/{id:guid}", Get).WithSummary("One re-evaluation: queued, running (done of total) or finished");
        return app;
    }

    /// <summary>The re-evaluations of every area and of the caller's areas (<see cref="CenterNeedsApi.ConcernsAsync"/>), newest first.</summary>
    public static async Task<Ok<List<ReevaluationResponse>>> List(NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var concerns = await CenterNeedsApi.ConcernsAsync(db, Caller.From(user), cancellationToken);
        var runs = await db.Reevaluations.AsNoTracking().OrderByDescending(r => r.RequestedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Where(r => concerns(r.Area)).Take(50).Select(ReevaluationResponse.From).ToList());
    }

    public static async Task<Results<Ok<ReevaluationResponse>, NotFound>> Get(Guid id, NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await db.Reevaluations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } run
        && (await CenterNeedsApi.ConcernsAsync(db, Caller.From(user), cancellationToken))(run.Area)
            ? TypedResults.Ok(ReevaluationResponse.From(run))
            : TypedResults.NotFound();
}
