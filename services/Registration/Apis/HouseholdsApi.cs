using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Registration.Apis;

public static class HouseholdsApi
{
    public static IEndpointRouteBuilder MapHouseholdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Households");
        api.MapPut("/{id:guid}", RegisterHousehold)
            .WithSummary("Register a household arriving at a centre")
            .WithDescription("The client chooses the id, so a phone can register offline and resend safely: " +
                             "201 when new, 200 when the same content was already stored, 409 when different content exists under that id.");
        api.MapGet("/{id:guid}", GetHousehold).WithSummary("Get one household");
        return app;
    }

    public static async Task<Results<Created<HouseholdResponse>, Ok<HouseholdResponse>, ValidationProblem, Conflict<HouseholdConflict>>> RegisterHousehold(
        Guid id, RegisterHouseholdRequest request, IValidator<RegisterHouseholdRequest> validator,
        RegistrationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());

        if (!await db.Centers.AnyAsync(c => c.Id == request.CenterId, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["centerId"] = ["No reception centre has this id. Choose a centre from the list."],
            });
        }

        var hash = HouseholdContent.Hash(request);
        var existing = await FindAsync(db, id, cancellationToken);
        if (existing is not null) return SameOrConflict(existing, hash);

        var now = clock.GetUtcNow();
        var household = new Household
        {
            Id = id,
            CenterId = request.CenterId,
            ArrivedAt = request.ArrivedAt ?? now,
            Version = 1,
            ContentHash = hash,
            RegisteredAt = now,
            Members = request.Members.Select((m, i) => new Member
            {
                Id = m.Id ?? Guid.CreateVersion7(),
                HouseholdId = id,
                Position = i,
                Sex = m.Sex!.Value,
                DateOfBirth = m.DateOfBirth!.Value,
                DateOfBirthEstimated = m.DateOfBirthEstimated,
                Relationship = m.Relationship!.Value,
            }).ToList(),
        };
        db.Households.Add(household);
        db.AddOutboxMessage(HouseholdArrivedFrom(household), clock);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request with the same id won the race; answer as if it had arrived first.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(db, id, cancellationToken);
            return SameOrConflict(winner!, hash);
        }

        return TypedResults.Created($"/api/households/{id}", HouseholdResponse.From(household));
    }

    public static async Task<Results<Ok<HouseholdResponse>, NotFound>> GetHousehold(Guid id, RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var household = await FindAsync(db, id, cancellationToken);
        return household is null ? TypedResults.NotFound() : TypedResults.Ok(HouseholdResponse.From(household));
    }

    private static Task<Household?> FindAsync(RegistrationDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Households.AsNoTracking().Include(h => h.Members.OrderBy(m => m.Position)).FirstOrDefaultAsync(h => h.Id == id, cancellationToken);

    private static Results<Created<HouseholdResponse>, Ok<HouseholdResponse>, ValidationProblem, Conflict<HouseholdConflict>> SameOrConflict(
        Household existing, string hash) =>
        existing.ContentHash == hash
            ? TypedResults.Ok(HouseholdResponse.From(existing))
            : TypedResults.Conflict(new HouseholdConflict(
                "A different household is already stored under this id. Nothing was changed; review the stored copy.",
                HouseholdResponse.From(existing)));

    private static HouseholdArrived HouseholdArrivedFrom(Household h) => new(
        h.Id, h.CenterId, h.ArrivedAt, h.Version,
        h.Members.Select(m => new ArrivedMember(
            m.Id, m.Sex.ToString().ToLowerInvariant(), m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship == Relationship.Head)).ToList());
}

public sealed record RegisterHouseholdRequest(Guid CenterId, DateTimeOffset? ArrivedAt, IReadOnlyList<MemberRequest> Members);

public sealed record MemberRequest(Guid? Id, Sex? Sex, DateOnly? DateOfBirth, bool DateOfBirthEstimated, Relationship? Relationship);

public sealed record HouseholdResponse(Guid Id, Guid CenterId, DateTimeOffset ArrivedAt, int Version, IReadOnlyList<MemberResponse> Members)
{
    public static HouseholdResponse From(Household h) => new(
        h.Id, h.CenterId, h.ArrivedAt, h.Version,
        h.Members.OrderBy(m => m.Position)
            .Select(m => new MemberResponse(m.Id, m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship)).ToList());
}

public sealed record MemberResponse(Guid Id, Sex Sex, DateOnly DateOfBirth, bool DateOfBirthEstimated, Relationship Relationship);

public sealed record HouseholdConflict(string Detail, HouseholdResponse Current);
