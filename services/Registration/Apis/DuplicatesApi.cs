using IdpTracker.ServiceDefaults;
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
        api.MapGet("/", ListDuplicates).WithSummary("Pairs of households that may be the same family, most alike first; a family outside your areas is withheld, with its district");
        api.MapPost("/{id:guid}/merge", Merge)
            .WithSummary("Confirm the pair is one family: the other household stops counting, both histories are kept (both families in your areas)");
        api.MapPost("/{id:guid}/dismiss", Dismiss).WithSummary("Confirm the pair are different families; the pair is not proposed again");
        return app;
    }

    public static async Task<Results<Ok<List<DuplicateResponse>>, ValidationProblem>> ListDuplicates(
        string? status, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        // The status as the answers spell it (merged) or as the enum does (Merged).
        var wanted = DuplicateStatus.Open;
        if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out wanted) || !Enum.IsDefined(wanted)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Choose open, merged or dismissed."] });
        }
        // A coordinator sees every pair with a family in their areas. A family in another area is withheld (its names are
        // personal data too), with its district, so the pair is never hidden from everyone: a coordinator of both areas
        // (or of the governorate) reviews and resolves it.
        var reached = await reach.HouseholdsAsync(db.Households, cancellationToken);
        var pairs = await db.Duplicates.AsNoTracking()
            .Where(d => d.Status == wanted && (reached.Any(h => h.Id == d.FirstHouseholdId) || reached.Any(h => h.Id == d.SecondHouseholdId)))
            .OrderByDescending(d => d.Score).ThenBy(d => d.FoundAt).Take(200).ToListAsync(cancellationToken);
        var ids = pairs.SelectMany(p => new[] { p.FirstHouseholdId, p.SecondHouseholdId }).Distinct().ToList();
        var shown = (await reached.Where(h => ids.Contains(h.Id)).Select(h => h.Id).ToListAsync(cancellationToken)).ToHashSet();
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => shown.Contains(h.Id))
            .ToDictionaryAsync(h => h.Id, cancellationToken);
        var withheld = ids.Except(shown).ToList();
        var districts = await db.Households.AsNoTracking().Where(h => withheld.Contains(h.Id))
            .Join(db.Centers, h => h.CurrentCenterId ?? h.CenterId, c => c.Id, (h, c) => new { h.Id, c.Adm2Code })
            .ToDictionaryAsync(h => h.Id, h => h.Adm2Code, cancellationToken);
        await audit.RecordReadAsync(AuditAction.Review, shown, cancellationToken, "duplicates");
        return TypedResults.Ok(pairs.Select(p => DuplicateResponse.From(p, households, protector, districts)).ToList());
    }

    public static async Task<Results<Ok<DuplicateResponse>, NotFound, ValidationProblem, Conflict<DuplicateResponse>>> Merge(
        Guid id, MergeRequest request, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var pair = await FindAsync(id, db, reach, cancellationToken);
        if (pair is null) return TypedResults.NotFound();
        var errors = DecisionReason.Check(request.Reason);
        if (request.KeepHouseholdId != pair.FirstHouseholdId && request.KeepHouseholdId != pair.SecondHouseholdId)
        {
            errors["keepHouseholdId"] = ["Choose which of the two households to keep."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
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
        pair.Reason = request.Reason!.Trim();
        pair.ResolvedBy = reach.Caller.Subject;
        db.AddOutboxMessage(new HouseholdMerged(merged.Id, keep, now), clock);
        audit.Add(AuditAction.Merge, [merged.Id, keep], $"duplicate pair {pair.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DuplicateResponse.From(pair, households, protector));
    }

    public static async Task<Results<Ok<DuplicateResponse>, NotFound, ValidationProblem, Conflict<DuplicateResponse>>> Dismiss(
        Guid id, DismissRequest request, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var pair = await FindAsync(id, db, reach, cancellationToken);
        if (pair is null) return TypedResults.NotFound();
        if (DecisionReason.Check(request.Reason) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.Id == pair.FirstHouseholdId || h.Id == pair.SecondHouseholdId).ToDictionaryAsync(h => h.Id, cancellationToken);
        if (pair.Status != DuplicateStatus.Open) return TypedResults.Conflict(DuplicateResponse.From(pair, households, protector));
        pair.Status = DuplicateStatus.Dismissed;
        pair.ResolvedAt = clock.GetUtcNow();
        pair.Reason = request.Reason!.Trim();
        pair.ResolvedBy = reach.Caller.Subject;
        audit.Add(AuditAction.Dismiss, [pair.FirstHouseholdId, pair.SecondHouseholdId], $"duplicate pair {pair.Id} dismissed");
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

/// <param name="Reason">Why the two are one family (required): what the coordinator checked.</param>
public sealed record MergeRequest(Guid? KeepHouseholdId, string? Reason);

/// <param name="Reason">Why the two are different families (required).</param>
public sealed record DismissRequest(string? Reason);

/// <summary>A merge or a dismissal is a person's decision about two families: it is kept with its reason.</summary>
public static class DecisionReason
{
    public const int MaxLength = DuplicatePair.ReasonMaxLength;

    public static Dictionary<string, string[]> Check(string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(reason) || !PlainText.HasVisibleCharacter(reason)) errors["reason"] = ["Say why: what shows the two are (or are not) the same family."];
        else if (reason.Length > MaxLength) errors["reason"] = [$"At most {MaxLength} characters."];
        else if (PlainText.HasControlCharacters(reason)) errors["reason"] = [PlainText.ControlCharacters];
        return errors;
    }
}

/// <param name="First">Null when that family is outside the caller's areas; <see cref="WithheldDistrict"/> says where it is.</param>
/// <param name="Second">Null when that family is outside the caller's areas.</param>
public sealed record DuplicateResponse(
    Guid Id, double Score, IReadOnlyList<string> Reasons, DuplicateStatus Status, DateTimeOffset FoundAt, DateTimeOffset? ResolvedAt,
    Guid? KeptHouseholdId, HouseholdResponse? First, HouseholdResponse? Second)
{
    /// <summary>Why the pair was merged or dismissed, as the coordinator wrote it.</summary>
    public string? Reason { get; init; }
    /// <summary>The account that decided (its id).</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>The district (adm2 code) of the family withheld from this caller: a coordinator there, or of both areas, can resolve the pair.</summary>
    public string? WithheldDistrict { get; init; }

    public static DuplicateResponse From(DuplicatePair p, IReadOnlyDictionary<Guid, Household> households, PersonalDataProtector protector,
        IReadOnlyDictionary<Guid, string>? withheldDistricts = null) => new(
        p.Id, p.Score, p.Reasons, p.Status, p.FoundAt, p.ResolvedAt, p.KeptHouseholdId,
        households.TryGetValue(p.FirstHouseholdId, out var first) ? HouseholdResponse.From(first, protector) : null,
        households.TryGetValue(p.SecondHouseholdId, out var second) ? HouseholdResponse.From(second, protector) : null)
    {
        WithheldDistrict = withheldDistricts?.GetValueOrDefault(p.FirstHouseholdId) ?? withheldDistricts?.GetValueOrDefault(p.SecondHouseholdId),
        Reason = p.Reason,
        ResolvedBy = p.ResolvedBy,
    };
}
