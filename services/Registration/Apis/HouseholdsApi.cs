using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class HouseholdsApi
{
    public static IEndpointRouteBuilder MapHouseholdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Households").RequireAuthorization(Policies.Registration);
        api.MapPut("/{id:guid}", RegisterHousehold)
            .WithSummary("Register a household arriving at a centre")
            .WithDescription("The client chooses the id, so a phone can register offline and resend safely: 201 when new; " +
                             "200 when the same content was already stored, or when a correction names the current version (If-Match or \"version\"); " +
                             "409 with the stored copy when different content names an older version or none, and the copy sent is kept for review.");
        api.MapGet("/{id:guid}", GetHousehold).WithSummary("Get one household (with mergedInto, mergedAt and mergedBy when it was merged into another)");
        api.MapGet("/{id:guid}/history", GetHistory).WithSummary("What was done to a household's record, newest first: registered, corrected, refused as a conflict, merged, dismissed as a duplicate, imported; by whom and through which client");
        api.MapGet("/{id:guid}/versions", ListVersions)
            .WithSummary("Every version the household has had, oldest first: when, by which account, how (registered, corrected, merged with a copy made on an older version, resolved), and which fields changed");
        api.MapGet("/{id:guid}/versions/{version:int}", GetVersion).WithSummary("The household as it was at one version (names included: the read is recorded)");
        api.MapGet("/", SearchHouseholds)
            .WithSummary("Households at a centre now (center or centerId), present or departed (status), found by name (q), or given by id (id=...&id=..., up to 200), a page at a time; " +
                         "with reason=..., the read is recorded as an export with that reason (for a list saved as a file)")
            .WithDescription("q matches names in Arabic or Latin script, whatever the spelling variant " +
                             "(diacritics, hamza, taa marbuta; Mohammed, Muhammad, Mohamad). Best matches first: ranked by how rare the name " +
                             "parts found are in the register, as duplicate matching weighs them. sex and birthYear (the year either side counts " +
                             "too, for an age estimated) narrow a name search to households where the member found is of that sex and age; " +
                             "without q, to households with a member of that sex and age.");
        return app;
    }

    public static async Task<Results<Created<HouseholdResponse>, Ok<HouseholdResponse>, ValidationProblem, Conflict<HouseholdConflictResponse>, NotFound>> RegisterHousehold(
        Guid id, RegisterHouseholdRequest request, HttpContext http, HouseholdRegistration registration, CancellationToken cancellationToken)
    {
        var baseVersion = request.Version ?? ETags.Parse(http.Request.Headers.IfMatch);
        var result = await registration.RegisterAsync(id, request, baseVersion, cancellationToken);
        if (result.Household is { } household) http.Response.Headers.ETag = ETags.For(household.Version);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => TypedResults.Created($"/api/households/{id}", result.Household),
            RegistrationOutcome.Unchanged or RegistrationOutcome.Updated or RegistrationOutcome.Merged => TypedResults.Ok(result.Household),
            RegistrationOutcome.Conflict => TypedResults.Conflict(HouseholdConflictResponse.For(result)),
            RegistrationOutcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    public const int MaxIdsPerSearch = 200;

    public static async Task<Results<Ok<HouseholdPage>, ValidationProblem>> SearchHouseholds(
        Guid? centerId, Guid? center, PlaceStatus? status, string? q, Sex? sex, int? birthYear, Guid[]? id, string? reason, int? page, int? pageSize,
        RegistrationDbContext db, HouseholdSearch search, PersonalDataProtector protector, Reach reach, AuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        centerId ??= center;
        if (birthYear is { } year && (year < 1900 || year > clock.GetUtcNow().Year))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["birthYear"] = [$"A year from 1900 to {clock.GetUtcNow().Year}."] });
        }
        if (Paging.Check(page, pageSize, defaultSize: 50, maxSize: 200, "households", out var paging) is { } pagingErrors)
        {
            return TypedResults.ValidationProblem(pagingErrors);
        }
        if (id is { Length: > MaxIdsPerSearch })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"At most {MaxIdsPerSearch} ids at a time."] });
        }
        // Names fetched to leave the system (a distribution list saved as a file) are an export: with a reason, on record.
        if (reason is not null && ExportApi.ReasonErrors(reason) is { } reasonErrors) return TypedResults.ValidationProblem(reasonErrors);
        var (number, size) = paging;

        var households = (await reach.HouseholdsAsync(db.Households.AsNoTracking(), cancellationToken)).Where(h => h.MergedIntoId == null);
        if (centerId is { } atCenter) households = households.Where(h => h.CurrentCenterId == atCenter);
        if (status is { } wanted) households = households.Where(h => h.Status == wanted);
        // The names for a list that another service ordered (Needs' priorities hold ids, never names).
        if (id is { Length: > 0 }) households = households.Where(h => id.Contains(h.Id));

        List<Household> found;
        if (!string.IsNullOrWhiteSpace(q))
        {
            var ranked = await search.FindAsync(q, new SearchFilters(centerId, status, id, sex, birthYear), number, size, cancellationToken);
            var byId = await db.Households.AsNoTracking().Where(h => ranked.Contains(h.Id)).ToDictionaryAsync(h => h.Id, cancellationToken);
            found = ranked.Select(h => byId[h]).ToList();
        }
        else
        {
            if (sex is not null || birthYear is not null)
            {
                var (bornFrom, bornTo) = SearchFilters.BornBetween(birthYear);
                households = households.Where(h => db.Set<Member>().Any(m => m.HouseholdId == h.Id && (sex == null || m.Sex == sex)
                    && (bornFrom == null || (m.DateOfBirth >= bornFrom && m.DateOfBirth <= bornTo))));
            }
            found = await households.OrderByDescending(h => h.ArrivedAt).ThenBy(h => h.Id)
                .Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        }

        var ids = found.Select(h => h.Id).ToList();
        if (reason is null) await audit.RecordReadAsync(AuditAction.Search, ids, cancellationToken);
        else await audit.RecordReadAsync(AuditAction.Export, ids, cancellationToken, reason.Trim());
        await AddMembersAsync(db, found, cancellationToken);
        var items = found.Select(h => HouseholdResponse.From(h, protector)).ToList();
        return TypedResults.Ok(new HouseholdPage(number, size, items));
    }

    /// <summary>
    /// The members of a page of households read untracked, in a statement of their own: joined to the households,
    /// each household's columns came back once a member, and attaching the members built a delegate a household.
    /// </summary>
    private static async Task AddMembersAsync(RegistrationDbContext db, List<Household> households, CancellationToken cancellationToken)
    {
        if (households.Count == 0) return;
        var byId = households.ToDictionary(h => h.Id);
        var ids = byId.Keys.ToList();
        var members = await db.Set<Member>().AsNoTracking().Where(m => ids.Contains(m.HouseholdId)).ToListAsync(cancellationToken);
        foreach (var member in members) byId[member.HouseholdId].Members.Add(member);
    }

    public static async Task<Results<Ok<HouseholdResponse>, NotFound>> GetHousehold(
        Guid id, HttpContext http, RegistrationDbContext db, PersonalDataProtector protector, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is null || !await reach.ReachesAsync(household, cancellationToken)) return TypedResults.NotFound();
        await audit.RecordReadAsync(AuditAction.Read, [id], cancellationToken);
        http.Response.Headers.ETag = ETags.For(household.Version);
        var mergedBy = household.MergedIntoId is null ? null : await db.Duplicates.AsNoTracking()
            .Where(d => d.Status == DuplicateStatus.Merged && (d.FirstHouseholdId == id || d.SecondHouseholdId == id) && d.KeptHouseholdId == household.MergedIntoId)
            .Select(d => d.ResolvedBy).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(HouseholdResponse.From(household, protector) with { MergedBy = mergedBy });
    }

    /// <summary>What was done to the household's record, newest first: the changes and decisions of the audit trail, not the reads.</summary>
    public static async Task<Results<Ok<List<HistoryEntry>>, NotFound>> GetHistory(
        Guid id, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        if (!await reach.ReachesHouseholdAsync(id, cancellationToken)) return TypedResults.NotFound();
        AuditAction[] changes = [AuditAction.Create, AuditAction.Update, AuditAction.Conflict, AuditAction.Merge, AuditAction.Dismiss, AuditAction.Import];
        var entries = await db.Audit.AsNoTracking().Where(a => a.HouseholdId == id && changes.Contains(a.Action))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(200)
            .Select(a => new HistoryEntry(a.At, a.Action, a.Actor, a.Client, a.Detail)).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }

    public static async Task<Results<Ok<List<VersionSummary>>, NotFound>> ListVersions(
        Guid id, HouseholdVersions versions, Reach reach, CancellationToken cancellationToken)
    {
        if (!await reach.ReachesHouseholdAsync(id, cancellationToken)) return TypedResults.NotFound();
        var all = await versions.AllAsync(id, cancellationToken);
        return TypedResults.Ok(all.Select((v, i) => new VersionSummary(v.Row.Version, v.Row.StoredAt, v.Row.StoredBy, v.Row.Change, v.Row.BaseVersion,
            i == 0 ? [] : ThreeWayMerge.Differences(all[i - 1].Content, v.Content))).ToList());
    }

    public static async Task<Results<Ok<VersionResponse>, NotFound>> GetVersion(
        Guid id, int version, HouseholdVersions versions, Reach reach, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!await reach.ReachesHouseholdAsync(id, cancellationToken)) return TypedResults.NotFound();
        if (await versions.FindAsync(id, version, cancellationToken) is not var (row, content)) return TypedResults.NotFound();
        await audit.RecordReadAsync(AuditAction.Read, [id], cancellationToken, $"version {version}");
        return TypedResults.Ok(new VersionResponse(row.Version, row.StoredAt, row.StoredBy, row.Change, row.BaseVersion, content));
    }
}

/// <param name="StoredBy">The account (subject id) whose request stored it; null for a version kept from before versions were.</param>
/// <param name="BaseVersion">For a merge: the version the device's copy was made on.</param>
/// <param name="Changed">The fields that differ from the version before (paths such as /phone or /members/{id}/nameLatin).</param>
public sealed record VersionSummary(int Version, DateTimeOffset StoredAt, string? StoredBy, VersionChange Change, int? BaseVersion, IReadOnlyList<string> Changed);

/// <param name="Household">The household's content at this version, in the shape a PUT sends.</param>
public sealed record VersionResponse(int Version, DateTimeOffset StoredAt, string? StoredBy, VersionChange Change, int? BaseVersion, System.Text.Json.Nodes.JsonObject Household);

/// <param name="Version">The version the device last saw, for a correction (or send it as If-Match).</param>
public sealed record HouseholdPage(int Page, int PageSize, IReadOnlyList<HouseholdResponse> Items);

/// <param name="PreviousDisplacements">How many times the family was displaced before this displacement, as it says.</param>
/// <param name="Presence">When the family is at the centre: dayAndNight (when left out), nightOnly (sleeps there, out by day) or dayOnly.</param>
public sealed record RegisterHouseholdRequest(
    Guid CenterId, DateTimeOffset? ArrivedAt, IReadOnlyList<MemberRequest> Members, int? Version = null,
    string? Phone = null, OriginRequest? Origin = null, DateOnly? DisplacedOn = null, int? PreviousDisplacements = null, Presence? Presence = null);

/// <summary>Where the household fled from: admin codes and the neighbourhood (e.g. Ghuwayran).</summary>
public sealed record OriginRequest(string? Adm1Code, string? Adm2Code, string? Adm3Code, string? Neighbourhood);

public sealed record MemberRequest(
    Guid? Id, Sex? Sex, DateOnly? DateOfBirth, bool DateOfBirthEstimated, Relationship? Relationship,
    string? NameArabic = null, string? NameLatin = null, IReadOnlyList<string>? SpecificNeeds = null, int? AgeYears = null)
{
    /// <summary>An age in years stands for an estimated date of birth, half a year past that birthday.</summary>
    public MemberRequest WithBirthDateFromAge(DateOnly today) => DateOfBirth is null && AgeYears is { } age
        ? this with { DateOfBirth = today.AddYears(-age).AddDays(-182), DateOfBirthEstimated = true, AgeYears = null }
        : this;
}

public sealed record HouseholdResponse(
    Guid Id, Guid CenterId, DateTimeOffset ArrivedAt, int Version, string? Phone, OriginRequest? Origin, DateOnly? DisplacedOn,
    IReadOnlyList<MemberResponse> Members, HouseholdPlace Place)
{
    /// <summary>Set when a coordinator confirmed this registration as a duplicate: the household that stands for the family.</summary>
    public Guid? MergedInto { get; init; }
    public DateTimeOffset? MergedAt { get; init; }
    /// <summary>How many times the family was displaced before this displacement, as it said.</summary>
    public int? PreviousDisplacements { get; init; }
    /// <summary>When the family is at the centre: day and night, night only or day only.</summary>
    public Presence Presence { get; init; }
    /// <summary>The account (subject id) that decided the merge, when it was recorded; only on GET /api/households/{id}.</summary>
    public string? MergedBy { get; init; }

    /// <summary>Decrypts the household's personal data for the person asking; callers record that read.</summary>
    public static HouseholdResponse From(Household h, PersonalDataProtector protector)
    {
        var contact = h.ContactCipher is null ? null : protector.Unprotect<HouseholdContact>(h.ContactCipher, "households", "contact", h.Id);
        var origin = h.OriginAdm1Code is null && h.OriginAdm2Code is null && h.OriginAdm3Code is null && h.OriginNeighbourhood is null
            ? null
            : new OriginRequest(h.OriginAdm1Code, h.OriginAdm2Code, h.OriginAdm3Code, h.OriginNeighbourhood);
        return new HouseholdResponse(h.Id, h.CenterId, h.ArrivedAt, h.Version, contact?.Phone, origin, h.DisplacedOn,
            h.Members.OrderBy(m => m.Position).Select(m =>
            {
                var personal = m.PersonalCipher is null
                    ? new MemberPersonalData(null, null)
                    : protector.Unprotect<MemberPersonalData>(m.PersonalCipher, "members", "personal", m.Id);
                return new MemberResponse(m.Id, m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship,
                    personal.NameArabic, personal.NameLatin, m.SpecificNeeds);
            }).ToList(), HouseholdPlace.From(h))
        {
            MergedInto = h.MergedIntoId,
            MergedAt = h.MergedAt,
            PreviousDisplacements = h.PreviousDisplacements,
            Presence = h.Presence,
        };
    }
}

/// <param name="Actor">The account (subject id) or system that acted.</param>
/// <param name="Client">The client it came through: idp-web (the web app), idp-field, idp-cli, a system.</param>
public sealed record HistoryEntry(DateTimeOffset At, AuditAction Action, string Actor, string? Client, string? Detail);

public sealed record MemberResponse(
    Guid Id, Sex Sex, DateOnly DateOfBirth, bool DateOfBirthEstimated, Relationship Relationship,
    string? NameArabic, string? NameLatin, IReadOnlyList<string> SpecificNeeds);

public sealed record HouseholdConflictResponse(string Detail, HouseholdResponse Current, Guid ConflictId)
{
    public static HouseholdConflictResponse For(RegistrationResult result) => new(
        "This household was changed since this device last saw it, so nothing was overwritten. The copy sent is kept for a coordinator to review.",
        result.Household!, result.ConflictId!.Value);
}

/// <summary>Household versions as HTTP entity tags: "3".</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public static int? Parse(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch)) return null;
        var value = ifMatch.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return int.TryParse(value.Trim('"'), out var version) ? version : null;
    }
}
