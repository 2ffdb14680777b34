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
    private const int MaxCandidates = 200;

    public async Task<int> FindForAsync(Guid householdId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var hashes = await db.NameIndex.AsNoTracking().Where(e => e.HouseholdId == householdId).Select(e => e.Hash).ToListAsync(cancellationToken);
        if (hashes.Count == 0) return 0;

        var candidateIds = await db.NameIndex.AsNoTracking()
            .Where(e => hashes.Contains(e.Hash) && e.HouseholdId != householdId)
            .Select(e => e.HouseholdId).Distinct().Take(MaxCandidates).ToListAsync(cancellationToken);
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
