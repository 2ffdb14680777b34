using System.Text.Json;
using IdpTracker.Registration.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdpTracker.Registration.Apis;

public static class SyncApi
{
    public const int MaxOperations = 500;

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/sync").WithTags("Offline sync").RequireAuthorization(Policies.Registration)
            .MapPost("/", Sync)
            .WithSummary($"Apply up to {MaxOperations} operations a device recorded offline, each with its own result")
            .WithDescription("Each operation succeeds or fails on its own: one bad item does not sink the others. " +
                             "Replaying a whole batch is harmless: what was stored answers 200 and nothing is stored twice.");
        return app;
    }

    public static async Task<Results<Ok<SyncResponse>, ValidationProblem>> Sync(
        SyncRequest request, HouseholdRegistration registration, MovementRecording movements, RegistrationDbContext db, ILogger<SyncRequest> logger,
        CancellationToken cancellationToken)
    {
        if (request.Operations is null || request.Operations.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["operations"] = ["Send at least one operation."] });
        }
        if (request.Operations.Count > MaxOperations)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["operations"] = [$"At most {MaxOperations} operations per batch; send the rest in another batch."],
            });
        }

        var results = new List<SyncResult>(request.Operations.Count);
        for (var index = 0; index < request.Operations.Count; index++)
        {
            var operation = request.Operations[index];
            db.ChangeTracker.Clear();
            if (operation is null)
            {
                results.Add(new SyncResult(index, null, StatusCodes.Status400BadRequest, RegistrationOutcome.Invalid, null,
                    new Dictionary<string, string[]> { [$"operations[{index}]"] = ["Give an operation here, not null."] }, null));
                continue;
            }
            try
            {
                results.Add(operation.Kind == "movement"
                    ? await ApplyMovementAsync(index, operation, movements, cancellationToken)
                    : await ApplyAsync(index, operation, registration, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Each operation is stored in its own transaction: the ones before this stay stored and are reported as
                // such, and the device learns that only this one (and any later one that fails too) must be sent again.
                logger.LogError(ex, "Sync operation {Index} ({Kind}) of device batch failed", index, operation.Kind);
                results.Add(new SyncResult(index, operation.Id, StatusCodes.Status503ServiceUnavailable, RegistrationOutcome.NotStored, null,
                    new Dictionary<string, string[]> { [$"operations[{index}]"] = [NotStored] }, null));
            }
        }
        return TypedResults.Ok(new SyncResponse(request.DeviceId, results));
    }

    private const string NotStored = "This operation could not be stored just now; nothing of it was kept. Send it again later: a resend is harmless.";

    private static async Task<SyncResult> ApplyAsync(int index, SyncOperation operation, HouseholdRegistration registration, CancellationToken cancellationToken)
    {
        if (operation.Kind is not ("household" or "movement"))
        {
            return Invalid(index, operation, "kind", "Unknown operation kind; this server accepts \"household\" and \"movement\".");
        }
        if (operation.Id is not { } id || id == Guid.Empty) return Invalid(index, operation, "id", "Give the household's id (a UUID chosen on the device).");
        if (operation.Household is not { ValueKind: JsonValueKind.Object } body) return Invalid(index, operation, "household", "Give the household.");

        if (!TryRead<RegisterHouseholdRequest>(body, index, operation, "household", out var household, out var unreadable)) return unreadable;

        var result = await registration.RegisterAsync(id, household, operation.Version ?? household.Version, cancellationToken);
        var status = result.Outcome switch
        {
            RegistrationOutcome.Created => StatusCodes.Status201Created,
            RegistrationOutcome.Unchanged or RegistrationOutcome.Updated or RegistrationOutcome.Merged => StatusCodes.Status200OK,
            RegistrationOutcome.Conflict => StatusCodes.Status409Conflict,
            RegistrationOutcome.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        var errors = result.Errors?.ToDictionary(e => $"operations[{index}].household.{e.Key}", e => e.Value);
        return new SyncResult(index, id, status, result.Outcome, result.Household, errors, result.ConflictId);
    }

    private static async Task<SyncResult> ApplyMovementAsync(int index, SyncOperation operation, MovementRecording movements, CancellationToken cancellationToken)
    {
        if (operation.HouseholdId is not { } householdId || householdId == Guid.Empty) return Invalid(index, operation, "householdId", "Give the household's id.");
        if (operation.Movement is not { ValueKind: JsonValueKind.Object } body) return Invalid(index, operation, "movement", "Give the movement.");
        if (!TryRead<MovementRequest>(body, index, operation, "movement", out var movement, out var unreadable)) return unreadable;
        var request = movement with { Id = operation.Id };

        var (outcome, result, errors) = await movements.RecordAsync(householdId, request, cancellationToken);
        // Said in the words a household's result uses, so a device reads every result the same way.
        var (status, said) = outcome switch
        {
            MovementOutcome.Created => (StatusCodes.Status201Created, RegistrationOutcome.Created),
            MovementOutcome.Unchanged => (StatusCodes.Status200OK, RegistrationOutcome.Unchanged),
            MovementOutcome.Conflict => (StatusCodes.Status409Conflict, RegistrationOutcome.Conflict),
            MovementOutcome.HouseholdNotFound => (StatusCodes.Status404NotFound, RegistrationOutcome.NotFound),
            _ => (StatusCodes.Status400BadRequest, RegistrationOutcome.Invalid),
        };
        return new SyncResult(index, operation.Id, status, said, null,
            errors?.ToDictionary(e => $"operations[{index}].movement.{e.Key}", e => e.Value), null) { Movement = result };
    }

    /// <summary>Reads each item on its own, so an unknown code in one item is that item's error, not the batch's.</summary>
    private static bool TryRead<T>(JsonElement body, int index, SyncOperation operation, string field, out T value, out SyncResult unreadable)
    {
        try
        {
            value = body.Deserialize<T>(HouseholdJson.Options)!;
            unreadable = null!;
            return true;
        }
        catch (JsonException ex)
        {
            value = default!;
            var path = JsonErrors.FieldPath(ex) is { } inner ? field + "." + inner : field;
            unreadable = Invalid(index, operation, path, ex is InvalidTextException ? ex.Message : JsonErrors.InvalidValue);
            return false;
        }
    }

    private static SyncResult Invalid(int index, SyncOperation operation, string field, string message) =>
        new(index, operation.Id, StatusCodes.Status400BadRequest, RegistrationOutcome.Invalid, null,
            new Dictionary<string, string[]> { [$"operations[{index}].{field}"] = [message] }, null);
}

public sealed record SyncRequest(string? DeviceId, IReadOnlyList<SyncOperation> Operations);

/// <param name="Kind">"household" or "movement".</param>
/// <param name="Version">For a correction: the version the device last saw.</param>
/// <param name="HouseholdId">For a movement: the household that moved.</param>
public sealed record SyncOperation(string? Kind, Guid? Id, int? Version, JsonElement? Household, Guid? HouseholdId = null, JsonElement? Movement = null);

public sealed record SyncResponse(string? DeviceId, IReadOnlyList<SyncResult> Results);

public sealed record SyncResult(
    int Index, Guid? Id, int Status, RegistrationOutcome? Outcome, HouseholdResponse? Household,
    IDictionary<string, string[]>? Errors, Guid? ConflictId)
{
    public MovementResult? Movement { get; init; }
}
