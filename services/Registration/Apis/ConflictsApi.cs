using IdpTracker.ServiceDefaults.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        api.MapGet("/{id:guid}", GetConflict).WithSummary("One refused copy beside the stored household and the version it was made on, with the fields both changed (collisions)");
        api.MapPost("/{id:guid}/resolve", ResolveConflict)
            .WithSummary("Settle a conflict: keep the stored household, take the refused copy's value for every collision, or choose per field (a coordinator, or the person who sent it)");
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
        Guid id, RegistrationDbContext db, HouseholdRegistration registration, PersonalDataProtector protector, Reach reach, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var conflict = await db.Conflicts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conflict is null || !await MaySettleAsync(conflict, reach, cancellationToken)) return TypedResults.NotFound();
        await audit.RecordReadAsync(AuditAction.Review, [conflict.HouseholdId], cancellationToken, $"conflict {conflict.Id}");
        var current = await db.Households.AsNoTracking().Include(h => h.Members).FirstAsync(h => h.Id == conflict.HouseholdId, cancellationToken);
        var submitted = Submitted(conflict, protector);
        var merge = await registration.MergeWithStoredAsync(current, submitted, conflict.BaseVersion, cancellationToken);
        return TypedResults.Ok(new ConflictDetail(ConflictSummary.From(conflict), SubmittedJson(conflict, protector), HouseholdResponse.From(current, protector),
            merge.Base, merge.Result.Collisions));
    }

    public static async Task<Results<Ok<ConflictSummary>, NotFound, ValidationProblem, Conflict<ConflictSummary>>> ResolveConflict(
        Guid id, ResolveConflictRequest request, RegistrationDbContext db, HouseholdRegistration registration, PersonalDataProtector protector, Reach reach,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Resolution is not { } resolution || !Enum.IsDefined(resolution))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["resolution"] = ["Choose keepServer, applySubmitted or choose."] });
        }
        var conflict = await db.Conflicts.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conflict is null || !await MaySettleAsync(conflict, reach, cancellationToken)) return TypedResults.NotFound();
        if (conflict.Status != ConflictStatus.Open) return TypedResults.Conflict(ConflictSummary.From(conflict));

        if (resolution != ConflictResolution.KeepServer)
        {
            var stored = await db.Households.AsNoTracking().Include(h => h.Members).FirstAsync(h => h.Id == conflict.HouseholdId, cancellationToken);
            var submitted = Submitted(conflict, protector);
            var merge = await registration.MergeWithStoredAsync(stored, submitted, conflict.BaseVersion, cancellationToken);
            var collisions = merge.Result.Collisions.Select(c => c.Field).ToList();
            var choices = resolution == ConflictResolution.ApplySubmitted
                ? collisions.ToDictionary(f => f, _ => MergeSide.Submitted)
                : request.Choices ?? [];
            if (ChoiceErrors(collisions, choices) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);

            merge = merge.Choosing(choices);
            if (merge.ChangesStored)
            {
                var merged = merge.Merged(clock.GetUtcNow()) with { Version = merge.CurrentVersion };
                db.ChangeTracker.Clear();
                var result = await registration.RegisterAsync(conflict.HouseholdId, merged, merge.CurrentVersion, cancellationToken, VersionChange.Resolved);
                if (result.Outcome == RegistrationOutcome.Invalid) return TypedResults.ValidationProblem(result.Errors!);
                // Changed again meanwhile (or gone): nothing was applied, and this conflict stays open.
                if (result.Outcome is not (RegistrationOutcome.Updated or RegistrationOutcome.Unchanged)) return TypedResults.Conflict(ConflictSummary.From(conflict));
            }
        }

        // Settled once: a coordinator and the worker who sent the copy may both try at the same moment.
        var status = resolution switch
        {
            ConflictResolution.ApplySubmitted => ConflictStatus.AppliedSubmitted,
            ConflictResolution.Choose => ConflictStatus.Merged,
            _ => ConflictStatus.KeptServer,
        };
        var now = clock.GetUtcNow();
        var settled = await db.Conflicts.Where(c => c.Id == id && c.Status == ConflictStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, status).SetProperty(c => c.ResolvedAt, now), cancellationToken);
        db.ChangeTracker.Clear();
        var summary = ConflictSummary.From(await db.Conflicts.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken));
        return settled == 1 ? TypedResults.Ok(summary) : TypedResults.Conflict(summary);
    }

    /// <summary>Every field both copies changed needs a choice, and a choice names such a field.</summary>
    private static Dictionary<string, string[]> ChoiceErrors(IReadOnlyList<string> collisions, IReadOnlyDictionary<string, MergeSide> choices)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var field in collisions.Where(f => !choices.ContainsKey(f)))
        {
            errors[$"choices[{field}]"] = ["Both copies changed this field: choose current or submitted."];
        }
        foreach (var field in choices.Keys.Where(f => !collisions.Contains(f)))
        {
            errors[$"choices[{field}]"] = ["Not a field both copies changed; see the conflict's collisions."];
        }
        return errors;
    }

    private static JsonElement SubmittedJson(HouseholdConflict conflict, PersonalDataProtector protector) =>
        protector.Unprotect<JsonElement>(conflict.Submitted, "household_conflicts", "submitted", conflict.Id);

    private static RegisterHouseholdRequest Submitted(HouseholdConflict conflict, PersonalDataProtector protector) =>
        SubmittedJson(conflict, protector).Deserialize<RegisterHouseholdRequest>(HouseholdJson.Options)!;

    /// <summary>A coordinator settles conflicts of households in their areas; anyone else only the copies they sent themselves.</summary>
    private static async Task<bool> MaySettleAsync(HouseholdConflict conflict, Reach reach, CancellationToken cancellationToken) =>
        (reach.Caller.Is(Roles.Coordinator) || conflict.SubmittedBy == reach.Caller.Subject)
        && await reach.ReachesHouseholdAsync(conflict.HouseholdId, cancellationToken);
}

/// <summary>
/// keepServer: the stored household stays as it is. applySubmitted: every field both copies changed takes the refused
/// copy's value (what only one changed was merged already). choose: each such field as <c>choices</c> says.
/// </summary>
public enum ConflictResolution { KeepServer, ApplySubmitted, Choose }

/// <param name="Choices">With choose: for every collision's field (e.g. "/phone"), current or submitted.</param>
public sealed record ResolveConflictRequest(ConflictResolution? Resolution, Dictionary<string, MergeSide>? Choices = null);

public sealed record ConflictSummary(Guid Id, Guid HouseholdId, int? BaseVersion, int ServerVersion, DateTimeOffset SubmittedAt,
    ConflictStatus Status, DateTimeOffset? ResolvedAt)
{
    public static ConflictSummary From(HouseholdConflict c) => new(c.Id, c.HouseholdId, c.BaseVersion, c.ServerVersion, c.SubmittedAt, c.Status, c.ResolvedAt);
}

/// <param name="Base">The version the refused copy was made on, when it was kept (null: every difference is a collision).</param>
/// <param name="Collisions">The fields both copies changed differently, with each copy's value: what a person chooses.</param>
public sealed record ConflictDetail(ConflictSummary Conflict, JsonElement Submitted, HouseholdResponse Current, JsonObject? Base,
    IReadOnlyList<FieldCollision> Collisions);
