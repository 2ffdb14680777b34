using IdpTracker.Domain;
using IdpTracker.ServiceDefaults.Security;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Registration.Apis;

public static class MovementsApi
{
    public static IEndpointRouteBuilder MapMovementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Movements").RequireAuthorization(Policies.Registration);
        api.MapPost("/{householdId:guid}/movements", RecordMovement)
            .WithSummary("Record an arrival, transfer, departure or follow-up visit")
            .WithDescription("The device chooses the movement id: 201 when new, 200 when the same movement is sent again, 409 when that id " +
                             "holds a different movement. The household's place follows from all its movements in the order they happened.");
        api.MapGet("/{householdId:guid}/movements", ListMovements).WithSummary("A household's journey, in the order it happened");
        api.MapGet("/overdue", ListOverdue)
            .WithSummary($"Households that left {Journey.OverdueAfterDays} or more days ago with no follow-up visit since, longest first");
        return app;
    }

    public static async Task<Results<Created<MovementResult>, Ok<MovementResult>, NotFound, ValidationProblem, Conflict<MovementResult?>>> RecordMovement(
        Guid householdId, MovementRequest request, MovementRecording recording, CancellationToken cancellationToken)
    {
        var (outcome, result, errors) = await recording.RecordAsync(householdId, request, cancellationToken);
        return outcome switch
        {
            MovementOutcome.Created => TypedResults.Created($"/api/households/{householdId}/movements", result),
            MovementOutcome.Unchanged => TypedResults.Ok(result),
            MovementOutcome.Conflict => TypedResults.Conflict<MovementResult?>(result),
            MovementOutcome.HouseholdNotFound => TypedResults.NotFound(),
            _ => TypedResults.ValidationProblem(errors!),
        };
    }

    public static async Task<Results<Ok<List<MovementResponse>>, NotFound>> ListMovements(Guid householdId, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        if (!await reach.ReachesHouseholdAsync(householdId, cancellationToken)) return TypedResults.NotFound();
        var movements = await db.Movements.AsNoTracking().Where(m => m.HouseholdId == householdId)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.RecordedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(movements.Select(MovementResponse.From).ToList());
    }

    public static async Task<Ok<List<OverdueHousehold>>> ListOverdue(Guid? centerId, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var query = (await reach.HouseholdsAsync(db.Households.AsNoTracking(), cancellationToken)).Where(h => h.OverdueSince != null);
        if (centerId is { } id) query = query.Where(h => h.CenterId == id);
        var overdue = await query.OrderBy(h => h.StatusSince).Take(500)
            .Select(h => new OverdueHousehold(h.Id, h.CenterId, h.StatusSince, h.Destination, h.OverdueSince!.Value))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(overdue);
    }

}

public enum MovementOutcome { Created, Unchanged, Conflict, HouseholdNotFound, Invalid }

/// <summary>Records one movement, the same way whether it came alone or in a sync batch.</summary>
public sealed class MovementRecording(RegistrationDbContext db, IValidator<MovementRequest> validator, Reach reach, TimeProvider clock)
{
    public async Task<(MovementOutcome Outcome, MovementResult? Result, IDictionary<string, string[]>? Errors)> RecordAsync(
        Guid householdId, MovementRequest request, CancellationToken cancellationToken)
    {
        if (!await reach.ReachesHouseholdAsync(householdId, cancellationToken)) return (MovementOutcome.HouseholdNotFound, null, null);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return (MovementOutcome.Invalid, null, validation.ToProblemErrors());
        if (request.CenterId is { } centerId && !await db.Centers.AnyAsync(c => c.Id == centerId, cancellationToken))
        {
            return (MovementOutcome.Invalid, null, new Dictionary<string, string[]> { ["centerId"] = ["No reception centre has this id."] });
        }

        var hash = Hash(householdId, request);
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var household = await db.Households.FirstOrDefaultAsync(h => h.Id == householdId, cancellationToken);
            if (household is null) return (MovementOutcome.HouseholdNotFound, null, null);

            var known = await db.Movements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.Id, cancellationToken);
            if (known is not null)
            {
                var outcome = known.ContentHash == hash && known.HouseholdId == householdId ? MovementOutcome.Unchanged : MovementOutcome.Conflict;
                // Another household's movement under this id is refused without a word about it.
                return (outcome, known.HouseholdId == householdId ? MovementResult.From(known, household) : null, null);
            }

            var now = clock.GetUtcNow();
            var movement = new Movement
            {
                Id = request.Id!.Value,
                HouseholdId = householdId,
                Kind = request.Kind!.Value,
                CenterId = request.CenterId,
                Destination = request.Kind == MovementKind.Departure ? request.Destination ?? Destination.Unknown : null,
                OccurredAt = request.OccurredAt ?? now,
                RecordedAt = now,
                ContentHash = hash,
            };
            db.Movements.Add(movement);
            var movements = await db.Movements.AsNoTracking().Where(m => m.HouseholdId == householdId).ToListAsync(cancellationToken);
            var place = Journey.Current(household.CenterId, household.ArrivedAt, movements.Append(movement));
            household.MoveTo(place);
            db.AddOutboxMessage(PlaceEvents.Moved(household, place, movement.Id, PlaceEvents.Code(movement.Kind), movement.OccurredAt), clock);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (MovementOutcome.Created, MovementResult.From(movement, household), null);
            }
            catch (Exception ex) when (attempt < 3 && (ex is DbUpdateConcurrencyException
                                       || ex.IsUniqueViolation()))
            {
                // Another movement of this household (or this one, resent) was saved meanwhile: recompute from what is stored.
            }
        }
    }

    private static string Hash(Guid householdId, MovementRequest r) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{householdId:N}|{r.Kind}|{r.CenterId:N}|{r.Destination}|{r.OccurredAt?.UtcDateTime:O}")));
}

/// <param name="Id">Chosen by the device, so a resend is recognised.</param>
/// <param name="CenterId">For an arrival or transfer: the centre.</param>
/// <param name="Destination">For a departure: hostFamily, returnedHome, other or unknown.</param>
public sealed record MovementRequest(Guid? Id, MovementKind? Kind, Guid? CenterId, Destination? Destination, DateTimeOffset? OccurredAt);

public sealed record MovementResponse(Guid Id, MovementKind Kind, Guid? CenterId, Destination? Destination, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt)
{
    public static MovementResponse From(Movement m) => new(m.Id, m.Kind, m.CenterId, m.Destination, m.OccurredAt, m.RecordedAt);
}

public sealed record HouseholdPlace(PlaceStatus Status, Guid? CurrentCenterId, Destination? Destination, DateTimeOffset Since,
    DateTimeOffset? LastFollowUpAt, DateTimeOffset? OverdueSince)
{
    public static HouseholdPlace From(Household h) => new(h.Status, h.CurrentCenterId, h.Destination, h.StatusSince, h.LastFollowUpAt, h.OverdueSince);
}

public sealed record MovementResult(MovementResponse Movement, HouseholdPlace Household)
{
    public static MovementResult From(Movement m, Household h) => new(MovementResponse.From(m), HouseholdPlace.From(h));
}

public sealed record OverdueHousehold(Guid HouseholdId, Guid RegisteredCenterId, DateTimeOffset DepartedAt, Destination? Destination, DateTimeOffset OverdueSince);

internal sealed class MovementRequestValidator : AbstractValidator<MovementRequest>
{
    public MovementRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.Id).NotEmpty().WithMessage("Give the movement an id (a UUID chosen on the device).");
        RuleFor(r => r.Kind).NotNull().WithMessage("Choose arrival, transfer, departure or followUp.");
        RuleFor(r => r.CenterId).NotEmpty().When(r => r.Kind is MovementKind.Arrival or MovementKind.Transfer)
            .WithMessage("An arrival or a transfer needs the centre.");
        RuleFor(r => r.CenterId).Null().When(r => r.Kind is MovementKind.Departure or MovementKind.FollowUp)
            .WithMessage("A departure or follow-up has no centre; give the destination instead.");
        RuleFor(r => r.Destination).Null().When(r => r.Kind is not MovementKind.Departure)
            .WithMessage("Only a departure has a destination.");
        RuleFor(r => r.OccurredAt).Must(at => at is null || at <= clock.GetUtcNow().AddHours(1))
            .WithMessage("The movement's time is in the future. Check the phone's date and time.")
            .Must(RecordedDates.Credible).WithMessage(RecordedDates.TooEarly);
    }
}
