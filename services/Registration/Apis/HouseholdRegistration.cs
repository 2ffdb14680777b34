using System.Text.Json;
using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdpTracker.Registration.Apis;

public enum RegistrationOutcome { Created, Unchanged, Updated, Conflict, Invalid }

public sealed record RegistrationResult(
    RegistrationOutcome Outcome,
    HouseholdResponse? Household = null,
    IDictionary<string, string[]>? Errors = null,
    Guid? ConflictId = null);

/// <summary>
/// Registers or corrects one household sent by a device, the same way whether it came alone
/// (PUT) or in a sync batch. The three outcomes of offline sync:
/// same content again changes nothing; new content on the version the sender last saw is an
/// update; new content on an older (or unstated) version is refused and kept for review.
/// </summary>
public sealed class HouseholdRegistration(
    RegistrationDbContext db, IValidator<RegisterHouseholdRequest> validator, TimeProvider clock)
{
    public async Task<RegistrationResult> RegisterAsync(Guid id, RegisterHouseholdRequest request, int? baseVersion, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return new RegistrationResult(RegistrationOutcome.Invalid, Errors: validation.ToProblemErrors());
        if (!await db.Centers.AnyAsync(c => c.Id == request.CenterId, cancellationToken))
        {
            return new RegistrationResult(RegistrationOutcome.Invalid, Errors: new Dictionary<string, string[]>
            {
                ["centerId"] = ["No reception centre has this id. Choose a centre from the list."],
            });
        }

        var hash = HouseholdContent.Hash(request);
        try
        {
            return await ApplyAsync(id, request, hash, baseVersion, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException
                                   || ex is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } })
        {
            // Another device's write to this household won the race; judge ours against what is stored now.
            db.ChangeTracker.Clear();
            return await ApplyAsync(id, request, hash, baseVersion, cancellationToken);
        }
    }

    private async Task<RegistrationResult> ApplyAsync(Guid id, RegisterHouseholdRequest request, string hash, int? baseVersion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = await db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, cancellationToken);

        if (existing is null)
        {
            var household = new Household { Id = id, Version = 1, RegisteredAt = now };
            Fill(household, request, hash, now);
            db.Households.Add(household);
            db.AddOutboxMessage(new HouseholdArrived(household.Id, household.CenterId, household.ArrivedAt, household.Version, Members(household)), clock);
            await db.SaveChangesAsync(cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Created, HouseholdResponse.From(household));
        }

        if (existing.ContentHash == hash) return new RegistrationResult(RegistrationOutcome.Unchanged, HouseholdResponse.From(existing));

        if (baseVersion == existing.Version)
        {
            Fill(existing, request, hash, now);
            existing.Version++;
            db.AddOutboxMessage(new HouseholdUpdated(existing.Id, existing.CenterId, existing.ArrivedAt, existing.Version, Members(existing)), clock);
            await db.SaveChangesAsync(cancellationToken);
            return new RegistrationResult(RegistrationOutcome.Updated, HouseholdResponse.From(existing));
        }

        var conflictId = await KeepRefusedCopyAsync(existing, request, hash, baseVersion, now, cancellationToken);
        return new RegistrationResult(RegistrationOutcome.Conflict, HouseholdResponse.From(existing), ConflictId: conflictId);
    }

    private async Task<Guid> KeepRefusedCopyAsync(Household current, RegisterHouseholdRequest request, string hash, int? baseVersion,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same refused copy sent again (a phone retrying) is kept once.
        var known = await db.Conflicts.FirstOrDefaultAsync(c => c.HouseholdId == current.Id && c.SubmittedHash == hash, cancellationToken);
        if (known is not null) return known.Id;

        db.ChangeTracker.Clear();
        var conflict = new HouseholdConflict
        {
            Id = Guid.CreateVersion7(now),
            HouseholdId = current.Id,
            BaseVersion = baseVersion,
            ServerVersion = current.Version,
            Submitted = JsonSerializer.Serialize(request, HouseholdJson.Options),
            SubmittedHash = hash,
            SubmittedAt = now,
            Status = ConflictStatus.Open,
        };
        db.Conflicts.Add(conflict);
        await db.SaveChangesAsync(cancellationToken);
        return conflict.Id;
    }

    private static void Fill(Household household, RegisterHouseholdRequest request, string hash, DateTimeOffset now)
    {
        household.CenterId = request.CenterId;
        household.ArrivedAt = request.ArrivedAt ?? household.ArrivedAt.NonDefaultOr(now);
        household.ContentHash = hash;
        household.UpdatedAt = now;

        // Members the device identified keep their id (and their history); the rest are new.
        var sent = request.Members.Select((m, i) => (Request: m, Position: i)).ToList();
        var sentIds = sent.Where(s => s.Request.Id is not null).Select(s => s.Request.Id!.Value).ToHashSet();
        household.Members.RemoveAll(m => !sentIds.Contains(m.Id));
        foreach (var (m, position) in sent)
        {
            var member = m.Id is { } memberId ? household.Members.FirstOrDefault(x => x.Id == memberId) : null;
            if (member is null)
            {
                member = new Member { Id = m.Id ?? Guid.CreateVersion7(now), HouseholdId = household.Id };
                household.Members.Add(member);
            }
            member.Position = position;
            member.Sex = m.Sex!.Value;
            member.DateOfBirth = m.DateOfBirth!.Value;
            member.DateOfBirthEstimated = m.DateOfBirthEstimated;
            member.Relationship = m.Relationship!.Value;
        }
    }

    private static List<ArrivedMember> Members(Household h) => h.Members.OrderBy(m => m.Position)
        .Select(m => new ArrivedMember(m.Id, m.Sex.ToString().ToLowerInvariant(), m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship == Relationship.Head))
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
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
