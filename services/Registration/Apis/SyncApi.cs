using System.Text.Json;
using IdpTracker.Registration.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdpTracker.Registration.Apis;

public static class SyncApi
{
    public const int MaxOperations = 500;

    /// <summary>The admission policy a sync waits in before its body is read (Extensions.AddApplicationServices).</summary>
    public const string TakenInTurn = "sync";

    /// <summary>Syncs waiting for their turn in one copy: hundreds of phones at once; beyond, 503 and a resend.</summary>
    public const int WaitingAtMost = 512;

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/sync").WithTags("Offline sync").RequireAuthorization(Policies.Registration).RequireRateLimiting(TakenInTurn)
            .MapPost("/", Sync)
            .WithSummary($"Apply up to {MaxOperations} operations a device recorded offline, each with its own result")
            .WithDescription("Each operation succeeds or fails on its own: one bad item does not sink the others. " +
                             "Replaying a whole batch is harmless: what was stored answers 200 and nothing is stored twice. " +
                             "Batches from many devices at once are taken in turn; when too many wait, the batch is answered 503 " +
                             "with Retry-After and nothing of it is stored.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
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

        var results = new SyncResult?[request.Operations.Count];
        // Households next to each other are stored together (one transaction for the new ones); a movement is applied
        // where it stands, after the households before it, so a batch means what its order says.
        var households = new List<(int Index, Guid Id, RegisterHouseholdRequest Household, int? Version)>();
        for (var index = 0; index <= request.Operations.Count; index++)
        {
            var operation = index < request.Operations.Count ? request.Operations[index] : null;
            if (operation is { Kind: "household" } && Read(index, operation) is var (read, refused))
            {
                if (refused is not null) results[index] = refused;
                else households.Add((index, operation.Id!.Value, read!, operation.Version ?? read!.Version));
                continue;
            }
            await StoreAsync(households, registration, db, results, logger, cancellationToken);
            households.Clear();
            if (index == request.Operations.Count) break;

            db.ChangeTracker.Clear();
            results[index] = operation switch
            {
                null => new SyncResult(index, null, StatusCodes.Status400BadRequest, RegistrationOutcome.Invalid, null,
                    new Dictionary<string, string[]> { [$"operations[{index}]"] = ["Give an operation here, not null."] }, null),
                { Kind: "movement" } => await ApplyOrNotStoredAsync(index, operation, () => ApplyMovementAsync(index, operation, movements, cancellationToken), logger, cancellationToken),
                _ => Invalid(index, operation, "kind", "Unknown operation kind; this server accepts \"household\" and \"movement\"."),
            };
        }
        return TypedResults.Ok(new SyncResponse(request.DeviceId, results!));
    }

    /// <summary>
    /// Households stored per transaction: enough that a phone's 500 cost ten commits, not 500, and few enough that
    /// sixteen phones sending at once do not hold 8,000 households' rows in memory (docs/benchmarks/README.md).
    /// </summary>
    public const int HouseholdsPerTransaction = 50;

    private static async Task StoreAsync(
        List<(int Index, Guid Id, RegisterHouseholdRequest Household, int? Version)> households, HouseholdRegistration registration,
        RegistrationDbContext db, SyncResult?[] results, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var chunk in households.Chunk(HouseholdsPerTransaction))
        {
            db.ChangeTracker.Clear();
            try
            {
                var stored = await registration.RegisterManyAsync(chunk.Select(h => (h.Id, h.Household, h.Version)).ToList(), cancellationToken);
                foreach (var (household, result) in chunk.Zip(stored)) results[household.Index] = Result(household.Index, household.Id, result);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Each chunk is stored in its own transactions: what was stored before it stays stored and is reported as
                // such, and the device learns that only these must be sent again.
                logger.LogError(ex, "Sync batch: {Count} household operations from index {First} failed", chunk.Length, chunk[0].Index);
                foreach (var household in chunk) results[household.Index] = NotStoredResult(household.Index, household.Id);
            }
        }
    }

    private static async Task<SyncResult> ApplyOrNotStoredAsync(
        int index, SyncOperation operation, Func<Task<SyncResult>> apply, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await apply();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Sync operation {Index} ({Kind}) of device batch failed", index, operation.Kind);
            return NotStoredResult(index, operation.Id);
        }
    }

    private static SyncResult NotStoredResult(int index, Guid? id) =>
        new(index, id, StatusCodes.Status503ServiceUnavailable, RegistrationOutcome.NotStored, null,
            new Dictionary<string, string[]> { [$"operations[{index}]"] = [NotStored] }, null);

    private const string NotStored = "This operation could not be stored just now; nothing of it was kept. Send it again later: a resend is harmless.";

    /// <summary>A household operation read on its own: the request, or the result that refuses it.</summary>
    private static (RegisterHouseholdRequest? Household, SyncResult? Refused) Read(int index, SyncOperation operation)
    {
        if (operation.Id is not { } id || id == Guid.Empty) return (null, Invalid(index, operation, "id", "Give the household's id (a UUID chosen on the device)."));
        if (operation.Household is not { ValueKind: JsonValueKind.Object } body) return (null, Invalid(index, operation, "household", "Give the household."));
        return TryRead<RegisterHouseholdRequest>(body, index, operation, "household", out var household, out var unreadable) ? (household, null) : (null, unreadable);
    }

    private static SyncResult Result(int index, Guid id, RegistrationResult result)
    {
        if (result.Outcome == RegistrationOutcome.NotStored) return NotStoredResult(index, id);
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
