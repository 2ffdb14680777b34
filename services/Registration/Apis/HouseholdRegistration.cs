using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Domain;
using IdpTracker.Messaging;
using IdpTracker.Registration.Application;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using IdpTracker.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Registration.Apis;

/// <summary>What became of one operation (a household or a movement): one vocabulary for every kind a device sends.</summary>
/// <remarks>
/// <see cref="Merged"/>: a copy made on an older version, whose changes were merged into the newer stored one (nothing
/// collided); the household returned is the merged one, for the device to continue from.
/// <see cref="NotStored"/>: the server could not store it just now and kept nothing; sending it again is harmless.
/// </remarks>
public enum RegistrationOutcome { Created, Unchanged, Updated, Conflict, Invalid, NotFound, NotStored, Merged }

/// <summary>A refused copy beside the stored household and the version the copy was made on, merged field by field.</summary>
public sealed record ConflictMerge(JsonObject? Base, JsonObject Current, JsonObject Submitted, int CurrentVersion, MergeResult Result)
{
    /// <summary>True when the merge would store something other than what is stored now.</summary>
    public bool ChangesStored => !JsonNode.DeepEquals(Result.Merged, Current);

    /// <summary>The same three copies merged again with a person's choices (no reading or decrypting twice).</summary>
    public ConflictMerge Choosing(IReadOnlyDictionary<string, MergeSide> choices) =>
        this with { Result = ThreeWayMerge.Merge(Base, Current, Submitted, choices) };

    /// <summary>The merged household to store; a member new in the refused copy gets its id here, so it is never read as a stored member.</summary>
    public RegisterHouseholdRequest Merged(DateTimeOffset now)
    {
        var merged = HouseholdCopies.FromJson(Result.Merged);
        return merged with { Members = merged.Members.Select(m => m.Id is null ? m with { Id = Guid.CreateVersion7(now) } : m).ToList() };
    }
}

public sealed record RegistrationResult(
    RegistrationOutcome Outcome,
    HouseholdResponse? Household = null,
    IDictionary<string, string[]>? Errors = null,
    Guid? ConflictId = null);

/// <summary>
/// Registers or corrects one household sent by a device, the same way whether it came alone
/// (PUT) or in a sync batch. The three outcomes of offline sync:
/// same content again changes nothing; new content on the version the sender last saw is an
/// update; new content on an older version is merged field by field against that version, and what both changed
/// differently (or everything that differs, when the version is unstated) is kept for a person to choose.
/// </summary>
public sealed class HouseholdRegistration(
    RegistrationDbContext db, IValidator<RegisterHouseholdRequest> validator, PersonalDataProtector protector, Reach reach, AuditTrail audit,
    HouseholdVersions versions, RegistrationActivity activity, TimeProvider clock, ILogger<HouseholdRegistration> logger)
{
    public async Task<RegistrationResult> RegisterAsync(
        Guid id, RegisterHouseholdRequest request, int? baseVersion, CancellationToken cancellationToken, VersionChange change = VersionChange.Corrected)
    {
        using var writing = activity.Begin();
        // Read once: whether it is within reach, then what to do with it (a round trip fewer for every household sent).
        var stored = await StoredAsync(id, cancellationToken);
        // Out of the caller's reach, a stored household answers as if it did not exist.
        if (stored is not null && !await reach.ReachesAsync(stored, cancellationToken))
        {
            return new RegistrationResult(RegistrationOutcome.NotFound, Errors: new Dictionary<string, string[]> { ["id"] = ["No household with this id is within your centres."] });
        }
        if ((await CheckAsync([request], cancellationToken))[0] is { } refused) return refused;
        if (await MembersOfOtherHouseholdsAsync(id, request, cancellationToken) is { Count: > 0 } taken)
        {
            return new RegistrationResult(RegistrationOutcome.Invalid, Errors: taken);
        }

        // The fingerprint is of what the device sent, so an age resent a day later is still the same content.
        var hash = HouseholdContent.Hash(request);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        request = request with { Members = request.Members.Select(m => m.WithBirthDateFromAge(today)).ToList() };
        RegistrationResult result;
        try
        {
            result = await ApplyAsync(stored, id, request, hash, baseVersion, change, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException
                                   || ex.IsUniqueViolation())
        {
            // Another device's write to this household won the race; judge ours against what is stored now.
            db.ChangeTracker.Clear();
            result = await ApplyAsync(await StoredAsync(id, cancellationToken), id, request, hash, baseVersion, change, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Registers a batch of households (a sync batch's run of households, a bulk import's batch): what is new is stored
    /// in one transaction with one read of what is stored, what is already stored is judged one by one like a
    /// device's resend, against the version it names. Results are in input order, as if each had been sent alone.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationResult>> RegisterManyAsync(
        IReadOnlyList<(Guid Id, RegisterHouseholdRequest Request, int? BaseVersion)> items, CancellationToken cancellationToken)
    {
        using var writing = await activity.BeginBatchAsync(cancellationToken);
        var results = await CheckAsync(items.Select(i => i.Request).ToList(), cancellationToken);
        var valid = Enumerable.Range(0, items.Count).Where(i => results[i] is null).ToList();
        var ids = valid.Select(i => items[i].Id).Distinct().ToList();
        var stored = (await db.Households.Where(h => ids.Contains(h.Id)).Select(h => h.Id).ToListAsync(cancellationToken)).ToHashSet();

        // Only the first of two submissions with one id can be new; the second is then a resend of it.
        var claimed = new HashSet<Guid>();
        var fresh = valid.Where(i => !stored.Contains(items[i].Id) && claimed.Add(items[i].Id)).ToList();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var added = fresh.ToDictionary(i => i, i =>
        {
            var (id, request, _) = items[i];
            return AddNew(id, request with { Members = request.Members.Select(m => m.WithBirthDateFromAge(today)).ToList() }, HouseholdContent.Hash(request), now);
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (i, household) in added) results[i] = new RegistrationResult(RegistrationOutcome.Created, HouseholdResponse.From(household, protector));
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A device registered one of these households meanwhile, or a member id is someone else's: judge each on its own.
        }
        db.ChangeTracker.Clear();

        foreach (var i in valid.Where(i => results[i] is null))
        {
            try
            {
                results[i] = await RegisterAsync(items[i].Id, items[i].Request, items[i].BaseVersion, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The ones judged before this one stay stored and are reported so; this one is sent again later.
                logger.LogError(ex, "Household {Index} of a batch of {Count} could not be stored", i, items.Count);
                results[i] = new RegistrationResult(RegistrationOutcome.NotStored);
            }
            db.ChangeTracker.Clear();
        }
        return results!;
    }

    /// <summary>What would be refused in each request, without storing anything: null where a request is acceptable.</summary>
    public async Task<RegistrationResult?[]> CheckAsync(IReadOnlyList<RegisterHouseholdRequest> requests, CancellationToken cancellationToken)
    {
        var reached = await reach.CentresAsync(cancellationToken);
        var results = new RegistrationResult?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var errors = (await validator.ValidateAsync(requests[i], cancellationToken)).ToProblemErrors();
            // A centre that exists but is not the caller's answers as one that does not exist: ids cannot be probed.
            if (!reached.Contains(requests[i].CenterId) && !errors.ContainsKey("centerId")) errors["centerId"] = [Reach.NotYourCentre];
            if (errors.Count > 0) results[i] = new RegistrationResult(RegistrationOutcome.Invalid, Errors: errors);
        }
        return results;
    }

    /// <summary>
    /// A member id is a person's for good: one already used by another household cannot be moved here by a resend
    /// (merging people is a coordinator's decision). Which household has it is not said.
    /// </summary>
    private async Task<Dictionary<string, string[]>> MembersOfOtherHouseholdsAsync(Guid id, RegisterHouseholdRequest request, CancellationToken cancellationToken)
    {
        var sent = request.Members.Select(m => m.Id).OfType<Guid>().ToList();
        if (sent.Count == 0) return [];
        var taken = (await db.Set<Member>().Where(m => sent.Contains(m.Id) && m.HouseholdId != id).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
        return request.Members.Select((m, i) => (m.Id, i)).Where(m => m.Id is { } memberId && taken.Contains(memberId))
            .ToDictionary(m => $"members[{m.i}].id", _ => new[] { "This member id is already someone else's. Leave the id out for a new member." });
    }


    private Household AddNew(Guid id, RegisterHouseholdRequest request, string hash, DateTimeOffset now)
    {
        var household = new Household { Id = id, Version = 1, RegisteredAt = now };
        Fill(household, request, hash, now);
        household.MoveTo(Journey.Current(household.CenterId, household.ArrivedAt, []));
        db.Households.Add(household);
        db.AddOutboxMessage(Arrived(household), clock);
        audit.Add(AuditAction.Create, id);
        versions.Add(household, HouseholdCopies.AsStored(request, household), VersionChange.Registered);
        return household;
    }

    private Task<Household?> StoredAsync(Guid id, CancellationToken cancellationToken) =>
        db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, cancellationToken);

    private async Task<RegistrationResult> ApplyAsync(
        Household? existing, Guid id, RegisterHouseholdRequest request, string hash, int? baseVersion, VersionChange change,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        if (existing is null)
        {
            var household = AddNew(id, request, hash, now);
            await db.SaveChangesAsync(cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Created, HouseholdResponse.From(household, protector));
        }

        if (existing.ContentHash == hash)
        {
            // The stored copy goes back to the device: a read.
            await audit.RecordReadAsync(AuditAction.Read, [id], cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Unchanged, HouseholdResponse.From(existing, protector));
        }

        if (baseVersion == existing.Version)
        {
            await UpdateAsync(existing, request, hash, change, null, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Updated, HouseholdResponse.From(existing, protector));
        }

        return await MergeAsync(existing, request, hash, baseVersion, now, cancellationToken);
    }

    /// <summary>
    /// A copy made on an older version (docs/domain.md, "Conflicts: merged field by field"): every change of the copy that
    /// collides with no newer change is stored at once; what collides is kept, with the whole copy, for a person.
    /// </summary>
    private async Task<RegistrationResult> MergeAsync(
        Household existing, RegisterHouseholdRequest request, string hash, int? baseVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same refused copy sent again (a phone retrying) is kept once, and what could be merged already was.
        var known = await db.Conflicts.AsNoTracking().Where(c => c.HouseholdId == existing.Id && c.SubmittedHash == hash)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (known is { } knownId)
        {
            return new RegistrationResult(RegistrationOutcome.Conflict, HouseholdResponse.From(existing, protector), ConflictId: knownId);
        }

        var merge = await MergeWithStoredAsync(existing, request, baseVersion, cancellationToken);
        var merged = merge.Merged(now);
        if (merge.Base is not null && merge.ChangesStored && (await validator.ValidateAsync(merged, cancellationToken)).IsValid)
        {
            await UpdateAsync(existing, merged, HouseholdContent.Hash(merged), VersionChange.Merged, baseVersion, now, cancellationToken);
        }
        if (merge.Base is not null && merge.Result.Collisions.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Merged, HouseholdResponse.From(existing, protector));
        }

        var conflictId = KeepRefusedCopy(existing, request, hash, baseVersion, now);
        await db.SaveChangesAsync(cancellationToken);
        return new RegistrationResult(RegistrationOutcome.Conflict, HouseholdResponse.From(existing, protector), ConflictId: conflictId);
    }

    /// <summary>A copy sent on <paramref name="baseVersion"/> merged with the stored household, collisions kept as stored (see <see cref="ConflictMerge.Choosing"/>).</summary>
    public async Task<ConflictMerge> MergeWithStoredAsync(Household stored, RegisterHouseholdRequest copy, int? baseVersion, CancellationToken cancellationToken)
    {
        var basis = baseVersion is { } version && version < stored.Version ? await versions.ContentAsync(stored.Id, version, cancellationToken) : null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var sent = copy with { Members = copy.Members.Select(m => m.WithBirthDateFromAge(today)).ToList() };
        var current = HouseholdCopies.ToJson(HouseholdResponse.From(stored, protector).ToRequest());
        var submitted = HouseholdCopies.ToJson(HouseholdCopies.AgainstBase(sent, basis is null ? null : HouseholdCopies.FromJson(basis), stored.ArrivedAt, today));
        return new ConflictMerge(basis, current, submitted, stored.Version, ThreeWayMerge.Merge(basis, current, submitted));
    }

    private async Task UpdateAsync(Household existing, RegisterHouseholdRequest request, string hash, VersionChange change, int? baseVersion,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await versions.KeepCurrentAsync(existing, cancellationToken);
        Fill(existing, request, hash, now);
        existing.Version++;
        versions.Add(existing, HouseholdCopies.AsStored(request, existing), change, baseVersion);
        db.AddOutboxMessage(new HouseholdUpdated(existing.Id, existing.CenterId, existing.ArrivedAt, existing.Version, Members(existing))
        {
            DisplacedOn = existing.DisplacedOn, PreviousDisplacements = existing.PreviousDisplacements,
            Presence = Presences.Of(existing.Presence),
        }, clock);
        audit.Add(AuditAction.Update, existing.Id, baseVersion is { } made ? $"merged with a copy made on version {made}" : null);
        // A corrected centre or arrival time can change where the household is now.
        var movements = await db.Movements.Where(m => m.HouseholdId == existing.Id).ToListAsync(cancellationToken);
        var place = Journey.Current(existing.CenterId, existing.ArrivedAt, movements);
        if (place.Status != existing.Status || place.CenterId != existing.CurrentCenterId || place.Since != existing.StatusSince)
        {
            existing.MoveTo(place);
            db.AddOutboxMessage(PlaceEvents.Moved(existing, place, Guid.Empty, "registration", existing.ArrivedAt), clock);
        }
    }

    private Guid KeepRefusedCopy(Household current, RegisterHouseholdRequest request, string hash, int? baseVersion, DateTimeOffset now)
    {
        var conflictId = Guid.CreateVersion7(now);
        db.Conflicts.Add(new HouseholdConflict
        {
            Id = conflictId,
            HouseholdId = current.Id,
            BaseVersion = baseVersion,
            ServerVersion = current.Version,
            Submitted = protector.Protect(JsonSerializer.SerializeToElement(request, HouseholdJson.Options), "household_conflicts", "submitted", conflictId),
            SubmittedHash = hash,
            SubmittedAt = now,
            SubmittedBy = reach.Caller.Subject,
            Status = ConflictStatus.Open,
        });
        audit.Add(AuditAction.Conflict, current.Id, $"conflict {conflictId}");
        return conflictId;
    }

    private void Fill(Household household, RegisterHouseholdRequest request, string hash, DateTimeOffset now)
    {
        household.CenterId = request.CenterId;
        household.ContactCipher = string.IsNullOrWhiteSpace(request.Phone)
            ? null
            : protector.Protect(new HouseholdContact(request.Phone.Trim()), "households", "contact", household.Id);
        // The phone's key is written with the names' (IndexNames), under the same version.
        household.OriginAdm1Code = HouseholdCopies.Code(request.Origin?.Adm1Code);
        household.OriginAdm2Code = HouseholdCopies.Code(request.Origin?.Adm2Code);
        household.OriginAdm3Code = HouseholdCopies.Code(request.Origin?.Adm3Code);
        household.OriginNeighbourhood = request.Origin?.Neighbourhood?.Trim();
        household.DisplacedOn = request.DisplacedOn;
        household.PreviousDisplacements = request.PreviousDisplacements;
        household.Presence = request.Presence ?? Presence.DayAndNight;
        household.ArrivedAt = request.ArrivedAt ?? household.ArrivedAt.NonDefaultOr(now);
        household.ContentHash = hash;
        household.UpdatedAt = now;

        // Members the device identified keep their id (and their history). A member sent without an id is the stored
        // member at the same place, unless the request names that one elsewhere (a client that leaves ids out edits in
        // place, as the merge of an older copy reads it too); past the stored members, it is new.
        var named = request.Members.Select(m => m.Id).OfType<Guid>().ToHashSet();
        var stored = household.Members.OrderBy(m => m.Position).Select(m => m.Id).ToList();
        var sent = request.Members.Select((m, i) => (Request: m, Position: i,
            Id: m.Id ?? (i < stored.Count && named.Add(stored[i]) ? stored[i] : (Guid?)null))).ToList();
        var sentIds = sent.Select(s => s.Id).OfType<Guid>().ToHashSet();
        household.Members.RemoveAll(m => !sentIds.Contains(m.Id));
        foreach (var (m, position, id) in sent)
        {
            var member = id is { } memberId ? household.Members.FirstOrDefault(x => x.Id == memberId) : null;
            if (member is null)
            {
                member = new Member { Id = id ?? Guid.CreateVersion7(now), HouseholdId = household.Id };
                household.Members.Add(member);
            }
            member.Position = position;
            member.Sex = m.Sex!.Value;
            member.DateOfBirth = m.DateOfBirth!.Value;
            member.DateOfBirthEstimated = m.DateOfBirthEstimated;
            member.Relationship = m.Relationship!.Value;
            member.SpecificNeeds = (m.SpecificNeeds ?? []).Distinct().Order().ToList();
            var names = new MemberPersonalData(HouseholdCopies.Text(m.NameArabic), HouseholdCopies.Text(m.NameLatin));
            member.PersonalCipher = names is { NameArabic: null, NameLatin: null } ? null : protector.Protect(names, "members", "personal", member.Id);
        }
        IndexNames(household, request);
    }


    /// <summary>Brings the household's blind index entries in line with the names just sent.</summary>
    private void IndexNames(Household household, RegisterHouseholdRequest request)
    {
        var names = household.Members.OrderBy(m => m.Position).Zip(request.Members, (member, sent) => (member, new MemberPersonalData(sent.NameArabic, sent.NameLatin)));
        var stored = db.Entry(household).State == EntityState.Detached
            ? [] // a household being created has no entries yet: no need to ask the database
            : db.NameIndex.Where(e => e.HouseholdId == household.Id).ToList();
        BlindIndex.Apply(db, protector, household, names, request.Phone, stored);
    }

    /// <summary>What Needs and Reporting are told of a household registered for the first time: facts, never names.</summary>
    public static HouseholdArrived Arrived(Household household) =>
        new(household.Id, household.CenterId, household.ArrivedAt, household.Version, Members(household))
        {
            DisplacedOn = household.DisplacedOn, PreviousDisplacements = household.PreviousDisplacements,
            Presence = Presences.Of(household.Presence),
        };

    private static List<ArrivedMember> Members(Household h) => h.Members.OrderBy(m => m.Position)
        .Select(m => new ArrivedMember(m.Id, m.Sex.ToString().ToLowerInvariant(), m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship == Relationship.Head)
        {
            SpecificNeeds = m.SpecificNeeds,
        })
        .ToList();
}

internal static class DateTimeOffsetExtensions
{
    public static DateTimeOffset NonDefaultOr(this DateTimeOffset value, DateTimeOffset fallback) => value == default ? fallback : value;
}

public static class HouseholdJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new PlainText.JsonConverter() },
    };
}
