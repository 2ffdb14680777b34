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
        api.MapGet("/", ListDuplicates)
            .WithSummary("Pairs of households that may be the same family, a page at a time: by status (open, merged, dismissed), centre " +
                         "(center), least score (minScore, 0 to 1), strongest or newest first (sort)")
            .WithDescription("A pair with one family in your areas and one outside them is listed too: the family outside is summarised " +
                             "(withheld: its district, when it arrived, its members' sex and year of birth), never named. A coordinator " +
                             "whose areas hold both families decides.");
        api.MapGet("/{id:guid}", GetDuplicate).WithSummary("One pair, side by side, with why it was proposed (and who decided it, once decided)");
        api.MapPost("/{id:guid}/merge", Merge)
            .WithSummary("Confirm the pair is one family: the other household stops counting, both histories are kept (both families in your areas)");
        api.MapPost("/{id:guid}/dismiss", Dismiss).WithSummary("Confirm the pair are different families; the pair is not proposed again");
        return app;
    }

    public const int MaxPageSize = 200;

    public static async Task<Results<Ok<DuplicatePage>, ValidationProblem>> ListDuplicates(
        DuplicateStatus? status, Guid? center, double? minScore, DuplicateOrder? sort, int? page, int? pageSize,
        RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = Paging.Check(page, pageSize, defaultSize: 50, MaxPageSize, "pairs", out var paging) ?? [];
        var wanted = status ?? DuplicateStatus.Open;
        if (minScore is < 0 or > 1 || minScore is { } m && double.IsNaN(m)) errors["minScore"] = ["Give a score from 0 to 1, e.g. 0.9."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // A coordinator sees every pair with a family in their areas. A family in another area is summarised without
        // its names (they are personal data too), so the pair is never hidden from everyone.
        var reached = await reach.HouseholdsAsync(db.Households, cancellationToken);
        var pairs = db.Duplicates.AsNoTracking()
            .Where(d => d.Status == wanted && (reached.Any(h => h.Id == d.FirstHouseholdId) || reached.Any(h => h.Id == d.SecondHouseholdId)));
        if (center is { } at)
        {
            pairs = pairs.Where(d => db.Households.Any(h => (h.Id == d.FirstHouseholdId || h.Id == d.SecondHouseholdId)
                                                            && (h.CurrentCenterId ?? h.CenterId) == at));
        }
        if (minScore is { } least) pairs = pairs.Where(d => d.Score >= least);
        var total = await pairs.CountAsync(cancellationToken);
        var ordered = sort == DuplicateOrder.Newest
            ? pairs.OrderByDescending(d => d.FoundAt).ThenByDescending(d => d.Score).ThenBy(d => d.Id)
            : pairs.OrderByDescending(d => d.Score).ThenByDescending(d => d.FoundAt).ThenBy(d => d.Id);
        var found = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        var items = await ShowAsync(found, db, protector, reach, audit, cancellationToken);
        return TypedResults.Ok(new DuplicatePage(paging.Number, paging.Size, total, items));
    }

    public static async Task<Results<Ok<DuplicateResponse>, NotFound>> GetDuplicate(
        Guid id, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var pair = await db.Duplicates.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (pair is null || !await reach.ReachesHouseholdAsync(pair.FirstHouseholdId, cancellationToken)
                            && !await reach.ReachesHouseholdAsync(pair.SecondHouseholdId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await ShowAsync([pair], db, protector, reach, audit, cancellationToken))[0]);
    }

    /// <summary>The pairs as this caller may see them: families in their areas in full, the others summarised.</summary>
    private static async Task<List<DuplicateResponse>> ShowAsync(IReadOnlyList<DuplicatePair> pairs, RegistrationDbContext db,
        PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var ids = pairs.SelectMany(p => new[] { p.FirstHouseholdId, p.SecondHouseholdId }).Distinct().ToList();
        var reached = await reach.HouseholdsAsync(db.Households, cancellationToken);
        var shown = (await reached.Where(h => ids.Contains(h.Id)).Select(h => h.Id).ToListAsync(cancellationToken)).ToHashSet();
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => ids.Contains(h.Id))
            .ToDictionaryAsync(h => h.Id, cancellationToken);
        var withheld = ids.Except(shown).ToList();
        var districts = await db.Households.AsNoTracking().Where(h => withheld.Contains(h.Id))
            .Join(db.Centers, h => h.CurrentCenterId ?? h.CenterId, c => c.Id, (h, c) => new { h.Id, c.Adm2Code })
            .ToDictionaryAsync(h => h.Id, h => h.Adm2Code, cancellationToken);
        await audit.RecordReadAsync(AuditAction.Review, shown, cancellationToken, "duplicates");
        return pairs.Select(p => DuplicateResponse.From(p, households, shown, protector, districts)).ToList();
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
        if (pair.Status != DuplicateStatus.Open) return TypedResults.Conflict(DuplicateResponse.From(pair, households, households.Keys.ToHashSet(), protector));

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
        db.AddOutboxMessage(new HouseholdMerged(merged.Id, keep, now)
        {
            MergedArrivedAt = merged.ArrivedAt, KeptArrivedAt = households[keep].ArrivedAt,
        }, clock);
        audit.Add(AuditAction.Merge, [merged.Id, keep], $"duplicate pair {pair.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DuplicateResponse.From(pair, households, households.Keys.ToHashSet(), protector));
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
        if (pair.Status != DuplicateStatus.Open) return TypedResults.Conflict(DuplicateResponse.From(pair, households, households.Keys.ToHashSet(), protector));
        pair.Status = DuplicateStatus.Dismissed;
        pair.ResolvedAt = clock.GetUtcNow();
        pair.Reason = request.Reason!.Trim();
        pair.ResolvedBy = reach.Caller.Subject;
        audit.Add(AuditAction.Dismiss, [pair.FirstHouseholdId, pair.SecondHouseholdId], $"duplicate pair {pair.Id} dismissed");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DuplicateResponse.From(pair, households, households.Keys.ToHashSet(), protector));
    }

    private static async Task<DuplicatePair?> FindAsync(Guid id, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var pair = await db.Duplicates.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return pair is not null && await reach.ReachesHouseholdAsync(pair.FirstHouseholdId, cancellationToken)
                                && await reach.ReachesHouseholdAsync(pair.SecondHouseholdId, cancellationToken) ? pair : null;
    }
}

/// <summary>The order of the review queue: the most alike pairs first (the default), or the pairs found last.</summary>
public enum DuplicateOrder { Strongest, Newest }

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

/// <param name="Total">How many pairs the filters match, over all pages.</param>
public sealed record DuplicatePage(int Page, int PageSize, int Total, IReadOnlyList<DuplicateResponse> Items);

/// <param name="First">Null when that family is outside the caller's areas; <see cref="DuplicateResponse.Withheld"/> summarises it.</param>
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

    /// <summary>The family outside the caller's areas, without names, phone or exact dates: enough to see whether the pair is worth raising.</summary>
    public WithheldHousehold? Withheld { get; init; }

    public static DuplicateResponse From(DuplicatePair p, IReadOnlyDictionary<Guid, Household> households, IReadOnlySet<Guid> shown,
        PersonalDataProtector protector, IReadOnlyDictionary<Guid, string>? withheldDistricts = null)
    {
        HouseholdResponse? Show(Guid id) => shown.Contains(id) && households.TryGetValue(id, out var h) ? HouseholdResponse.From(h, protector) : null;
        var withheldId = !shown.Contains(p.FirstHouseholdId) ? p.FirstHouseholdId : !shown.Contains(p.SecondHouseholdId) ? p.SecondHouseholdId : (Guid?)null;
        var district = withheldId is { } w ? withheldDistricts?.GetValueOrDefault(w) : null;
        return new DuplicateResponse(p.Id, p.Score, p.Reasons, p.Status, p.FoundAt, p.ResolvedAt, p.KeptHouseholdId,
            Show(p.FirstHouseholdId), Show(p.SecondHouseholdId))
        {
            WithheldDistrict = district,
            Withheld = withheldId is { } id && households.TryGetValue(id, out var other) ? WithheldHousehold.From(other, district) : null,
            Reason = p.Reason,
            ResolvedBy = p.ResolvedBy,
        };
    }
}

/// <param name="District">The district (adm2 code) of its centre.</param>
/// <param name="ArrivedOn">The day it was registered, not the hour.</param>
/// <param name="Members">Each member's sex and year of birth, in the household's order.</param>
public sealed record WithheldHousehold(string? District, DateOnly ArrivedOn, IReadOnlyList<WithheldMember> Members)
{
    public static WithheldHousehold From(Household h, string? district) => new(district, DateOnly.FromDateTime(h.ArrivedAt.UtcDateTime),
        h.Members.OrderBy(m => m.Position).Select(m => new WithheldMember(m.Sex.ToString().ToLowerInvariant(), m.DateOfBirth.Year)).ToList());
}

public sealed record WithheldMember(string Sex, int BirthYear);
