using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

/// <summary>
/// Looks for households across all centres that may be the same family as one just registered or
/// corrected, and puts likely pairs up for review. Candidates are found through the blind name
/// index, so no name is decrypted to compare them.
/// </summary>
public sealed class DuplicateFinder(RegistrationDbContext db, TimeProvider clock)
{
    private const int MaxCandidates = 50;

    public async Task<int> FindForAsync(Guid householdId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var subjectKeys = await db.NameIndex.AsNoTracking().Where(e => e.HouseholdId == householdId).ToListAsync(cancellationToken);
        if (subjectKeys.Count == 0) return 0;
        var subjectMembers = await db.Set<Member>().AsNoTracking().Where(m => m.HouseholdId == householdId).ToListAsync(cancellationToken);

        // Only members who could count as the same person are candidates: enough name keys in common,
        // born within a year, and not of the other sex. The index does the narrowing.
        var candidateIds = new HashSet<Guid>();
        foreach (var member in subjectMembers)
        {
            var hashes = subjectKeys.Where(e => e.MemberId == member.Id).Select(e => e.Hash).ToList();
            if (hashes.Count == 0) continue;
            var needed = DuplicateScoring.MinSharedNameKeys(hashes.Count);
            var (earliest, latest) = (member.DateOfBirth.AddDays(-366), member.DateOfBirth.AddDays(366));
            var sexes = member.Sex == Sex.Unknown ? [Sex.Female, Sex.Male, Sex.Unknown] : new[] { member.Sex, Sex.Unknown };
            var alike = await db.NameIndex.AsNoTracking()
                .Where(e => hashes.Contains(e.Hash) && sexes.Contains(e.Sex) && e.DateOfBirth >= earliest && e.DateOfBirth <= latest
                            && e.HouseholdId != householdId)
                .GroupBy(e => new { e.HouseholdId, e.MemberId })
                .Where(g => g.Count() >= needed)
                .OrderByDescending(g => g.Count())
                .Select(g => g.Key.HouseholdId)
                .Take(MaxCandidates)
                .ToListAsync(cancellationToken);
            candidateIds.UnionWith(alike);
        }
        if (candidateIds.Count == 0) return 0;

        var ids = candidateIds.Append(householdId).ToList();
        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => ids.Contains(h.Id) && h.MergedIntoId == null).ToListAsync(cancellationToken);
        var keys = (await db.NameIndex.AsNoTracking().Where(e => ids.Contains(e.HouseholdId)).ToListAsync(cancellationToken))
            .GroupBy(e => e.MemberId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => Convert.ToHexString(e.Hash)).ToHashSet());

        var subject = households.FirstOrDefault(h => h.Id == householdId);
        if (subject is null) return 0;
        var known = await db.Duplicates.Where(d => d.FirstHouseholdId == householdId || d.SecondHouseholdId == householdId)
            .ToListAsync(cancellationToken);

        var found = 0;
        foreach (var other in households.Where(h => h.Id != householdId))
        {
            var score = DuplicateScoring.Score(Candidate(subject, keys), Candidate(other, keys));
            var (first, second) = householdId.CompareTo(other.Id) < 0 ? (householdId, other.Id) : (other.Id, householdId);
            var pair = known.FirstOrDefault(d => d.FirstHouseholdId == first && d.SecondHouseholdId == second);
            if (pair is { Status: not DuplicateStatus.Open }) continue; // a person already decided
            if (!score.IsPossibleDuplicate)
            {
                if (pair is not null) db.Duplicates.Remove(pair); // a correction made them different
                continue;
            }
            if (pair is null)
            {
                pair = new DuplicatePair { Id = Guid.CreateVersion7(), FirstHouseholdId = first, SecondHouseholdId = second, FoundAt = clock.GetUtcNow() };
                db.Duplicates.Add(pair);
            }
            pair.Score = score.Score;
            pair.Reasons = score.Reasons.ToList();
            found++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    private static CandidateHousehold Candidate(Household h, IReadOnlyDictionary<Guid, IReadOnlySet<string>> keys) => new(
        h.Id, h.OriginAdm2Code, h.OriginNeighbourhood,
        h.Members.Select(m => new CandidateMember(m.Sex, m.DateOfBirth, keys.GetValueOrDefault(m.Id) ?? new HashSet<string>())).ToList());
}
