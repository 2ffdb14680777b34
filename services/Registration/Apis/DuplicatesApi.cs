using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class DuplicatesApi
{
    public static IEndpointRouteBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/duplicates").WithTags("Possible duplicates").RequireAuthorization(Policies.Coordination);
        api.MapGet("/", ListDuplicates).WithSummary("Pairs of households that may be the same family, most alike first");
        api.MapPost("/{id:guid}/merge", Merge)
            .WithSummary("Confirm the pair is one family: the other household stops counting, both histories are kept");
        api.MapPost("/{id:guid}/dismiss", Dismiss).WithSummary("Confirm the pair are different families; the pair is not proposed again");
        return app;
    }

    public static async Task<Ok<List<DuplicateResponse>>> ListDuplicates(
        DuplicateStatus? status, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var wanted = status ?? DuplicateStatus.Open;
        // A coordinator sees a pair only when both families are in their areas: the other's names are personal data too.
        var reached = await reach.HouseholdsAsync(db.Households, cancellationToken);
        var pairs = await db.Duplicates.AsNoTracking()
            .Where(d => d.Status == wanted && reached.Any(h => h.Id == d.FirstHouseholdId) && reached.Any(h => h.Id == d.SecondHouseholdId))
            .OrderByDescending(d => d.Score).ThenBy(d => d.FoundAt).Take(200).ToListAsync(cancellationToken);
        var ids = pairs.SelectMany(p => new[] { p.FirstHouseholdId, p.SecondHouseholdId }).Distinct().ToList();
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => ids.Contains(h.Id))
            .ToDictionaryAsync(h => h.Id, cancellationToken);
        await audit.RecordReadAsync(AuditAction.Review, ids, cancellationToken, "duplicates");
        return TypedResults.Ok(pairs.Select(p => DuplicateResponse.From(p, households, protector)).ToList());
    }

    public static async Task<Results<Ok<DuplicateResponse>, NotFound, ValidationProblem, Conflict<DuplicateResponse>>> Merge(
        Guid id, MergeRequest request, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var pair = await FindAsync(id, db, reach, cancellationToken);
        if (pair is null) return TypedResults.NotFound();
        if (request.KeepHouseholdId != pair.FirstHouseholdId && request.KeepHouseholdId != pair.SecondHouseholdId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["keepHouseholdId"] = ["Choose which of the two households to keep."],
            });
        }
        var households = await db.Households.Include(h => h.Members)
            .Where(h => h.Id == pair.FirstHouseholdId || h.Id == pair.SecondHouseholdId).ToDictionaryAsync(h => h.Id, cancellationToken);
        if (pair.Status != DuplicateStatus.Open) return TypedResults.Conflict(DuplicateResponse.From(pair, households, protector));

        var keep = request.KeepHouseholdId!.Value;
        var merged = households[keep == pair.FirstHouseholdId ? pair.SecondHouseholdId : pair.FirstHouseholdId];
        var now = clock.GetUtcNow();
        merged.MergedIntoId = keep;
        merged.MergedAt = now;
        pair.Status = DuplicateStatus.Merged;
        pair.KeptHouseholdId = keep;
        pair.ResolvedAt = now;
        db.AddOutboxMessage(new HouseholdMerged(merged.Id, keep, now), clock);
        audit.Add(AuditAction.Merge, [merged.Id, keep], $"duplicate pair {pair.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DuplicateResponse.From(pair, households, protector));
    }

    public static async Task<Results<Ok<DuplicateResponse>, NotFound, Conflict<DuplicateResponse>>> Dismiss(
        Guid id, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var pair = await FindAsync(id, db, reach, cancellationToken);
        if (pair is null) return TypedResults.NotFound();
        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.Id == pair.FirstHouseholdId || h.Id == pair.SecondHouseholdId).ToDictionaryAsync(h => h.Id, cancellationToken);
        if (pair.Status != DuplicateStatus.Open) return TypedResults.Conflict(DuplicateResponse.From(pair, households, protector));
        pair.Status = DuplicateStatus.Dismissed;
        pair.ResolvedAt = clock.GetUtcNow();
        audit.Add(AuditAction.Review, [pair.FirstHouseholdId, pair.SecondHouseholdId], $"duplicate pair {pair.Id} dismissed");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DuplicateResponse.From(pair, households, protector));
    }

    private static async Task<DuplicatePair?> FindAsync(Guid id, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var pair = await db.Duplicates.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return pair is not null && await reach.ReachesHouseholdAsync(pair.FirstHouseholdId, cancellationToken)
                                && await reach.ReachesHouseholdAsync(pair.SecondHouseholdId, cancellationToken) ? pair : null;
    }
}

public sealed record MergeRequest(Guid? KeepHouseholdId);

public sealed record DuplicateResponse(
    Guid Id, double Score, IReadOnlyList<string> Reasons, DuplicateStatus Status, DateTimeOffset FoundAt, DateTimeOffset? ResolvedAt,
    Guid? KeptHouseholdId, HouseholdResponse First, HouseholdResponse Second)
{
    public static DuplicateResponse From(DuplicatePair p, IReadOnlyDictionary<Guid, Household> households, PersonalDataProtector protector) => new(
        p.Id, p.Score, p.Reasons, p.Status, p.FoundAt, p.ResolvedAt, p.KeptHouseholdId,
        HouseholdResponse.From(households[p.FirstHouseholdId], protector), HouseholdResponse.From(households[p.SecondHouseholdId], protector));
}
