using IdpTracker.ServiceDefaults.Security;
using System.Text.Json;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class ConflictsApi
{
    public static IEndpointRouteBuilder MapConflictsApi(this IEndpointRouteBuilder app)
    {
        // Coordinators review every conflict in their areas; a field worker sees and settles only the copies they sent.
        var api = app.MapGroup("/api/households/conflicts").WithTags("Sync conflicts").RequireAuthorization(Policies.Registration);
        api.MapGet("/", ListConflicts).WithSummary("Copies refused because they would have overwritten newer changes, oldest first (a field worker: their own)");
        api.MapGet("/{id:guid}", GetConflict).WithSummary("One refused copy beside the stored household");
        api.MapPost("/{id:guid}/resolve", ResolveConflict)
            .WithSummary("Keep the stored household, or apply the refused copy as a new version (a coordinator, or the person who sent it)");
        return app;
    }

    public static async Task<Ok<List<ConflictSummary>>> ListConflicts(
        ConflictStatus? status, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var wanted = status ?? ConflictStatus.Open;
        var reached = await reach.HouseholdsAsync(db.Households, cancellationToken);
        var caller = reach.Caller;
        var all = caller.Is(Roles.Coordinator);
        var conflicts = await db.Conflicts.AsNoTracking()
            .Where(c => c.Status == wanted && reached.Any(h => h.Id == c.HouseholdId) && (all || c.SubmittedBy == caller.Subject))
            .OrderBy(c => c.SubmittedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(conflicts.Select(ConflictSummary.From).ToList());
    }

    public static async Task<Results<Ok<ConflictDetail>, NotFound>> GetConflict(
        Guid id, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var conflict = await db.Conflicts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conflict is null || !await MaySettleAsync(conflict, reach, cancellationToken)) return TypedResults.NotFound();
        await audit.RecordReadAsync(AuditAction.Review, [conflict.HouseholdId], cancellationToken, $"conflict {conflict.Id}");
        var current = await db.Households.AsNoTracking().Include(h => h.Members).FirstAsync(h => h.Id == conflict.HouseholdId, cancellationToken);
        var submitted = protector.Unprotect<JsonElement>(conflict.Submitted, "household_conflicts", "submitted", conflict.Id);
        return TypedResults.Ok(new ConflictDetail(ConflictSummary.From(conflict), submitted, HouseholdResponse.From(current, protector)));
    }

    public static async Task<Results<Ok<ConflictSummary>, NotFound, ValidationProblem, Conflict<ConflictSummary>>> ResolveConflict(
        Guid id, ResolveConflictRequest request, RegistrationDbContext db, HouseholdRegistration registration, PersonalDataProtector protector, Reach reach,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Resolution is not (ConflictResolution.KeepServer or ConflictResolution.ApplySubmitted))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["resolution"] = ["Choose keepServer or applySubmitted."] });
        }
        var conflict = await db.Conflicts.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conflict is null || !await MaySettleAsync(conflict, reach, cancellationToken)) return TypedResults.NotFound();
        if (conflict.Status != ConflictStatus.Open) return TypedResults.Conflict(ConflictSummary.From(conflict));

        if (request.Resolution == ConflictResolution.ApplySubmitted)
        {
            var submitted = protector.Unprotect<JsonElement>(conflict.Submitted, "household_conflicts", "submitted", conflict.Id)
                .Deserialize<RegisterHouseholdRequest>(HouseholdJson.Options)!;
            var current = await db.Households.AsNoTracking().Where(h => h.Id == conflict.HouseholdId).Select(h => h.Version).FirstAsync(cancellationToken);
            var result = await registration.RegisterAsync(conflict.HouseholdId, submitted with { Version = current }, current, cancellationToken);
            if (result.Outcome == RegistrationOutcome.Invalid) return TypedResults.ValidationProblem(result.Errors!);
            // Changed again meanwhile (or gone): the copy was not applied, and this conflict stays open.
            if (result.Outcome is not (RegistrationOutcome.Updated or RegistrationOutcome.Unchanged)) return TypedResults.Conflict(ConflictSummary.From(conflict));
        }

        // Settled once: a coordinator and the worker who sent the copy may both try at the same moment.
        var status = request.Resolution == ConflictResolution.ApplySubmitted ? ConflictStatus.AppliedSubmitted : ConflictStatus.KeptServer;
        var now = clock.GetUtcNow();
        var settled = await db.Conflicts.Where(c => c.Id == id && c.Status == ConflictStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, status).SetProperty(c => c.ResolvedAt, now), cancellationToken);
        db.ChangeTracker.Clear();
        var summary = ConflictSummary.From(await db.Conflicts.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken));
        return settled == 1 ? TypedResults.Ok(summary) : TypedResults.Conflict(summary);
    }

    /// <summary>A coordinator settles conflicts of households in their areas; anyone else only the copies they sent themselves.</summary>
    private static async Task<bool> MaySettleAsync(HouseholdConflict conflict, Reach reach, CancellationToken cancellationToken) =>
        (reach.Caller.Is(Roles.Coordinator) || conflict.SubmittedBy == reach.Caller.Subject)
        && await reach.ReachesHouseholdAsync(conflict.HouseholdId, cancellationToken);
}

public enum ConflictResolution { KeepServer, ApplySubmitted }

public sealed record ResolveConflictRequest(ConflictResolution? Resolution);

public sealed record ConflictSummary(Guid Id, Guid HouseholdId, int? BaseVersion, int ServerVersion, DateTimeOffset SubmittedAt,
    ConflictStatus Status, DateTimeOffset? ResolvedAt)
{
    public static ConflictSummary From(HouseholdConflict c) => new(c.Id, c.HouseholdId, c.BaseVersion, c.ServerVersion, c.SubmittedAt, c.Status, c.ResolvedAt);
}

public sealed record ConflictDetail(ConflictSummary Conflict, JsonElement Submitted, HouseholdResponse Current);
