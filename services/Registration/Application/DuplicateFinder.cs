using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Application;

/// <summary>
/// Looks for households across all centres that may be the same family as one just registered or
/// corrected, and puts likely pairs up for review. Candidates are found through the blind name
/// index (in either script, through the phonetic keys), so no name is decrypted to compare them.
/// </summary>
public sealed class DuplicateFinder(RegistrationDbContext db, NameFrequencyCounter counter, TimeProvider clock)
{
    /// <summary>Candidate members looked at per member, and candidate households scored per household.</summary>
    private const int MembersPerMember = 200, MostCandidates = 50;

    /// <summary>Estimated ages are often a year or two off; nobody further apart can be one person.</summary>
    private const int BirthWindowDays = 3 * 366;

    public sealed record Candidate(Guid HouseholdId, DuplicateScore Score);

    /// <summary>Every candidate household the index offers, scored, best first: what <see cref="FindForAsync"/> decides on.</summary>
    /// <param name="alsoScore">Households to score whether or not the index offers them (pairs already proposed).</param>
    public async Task<IReadOnlyList<Candidate>> ScoreAsync(Guid householdId, CancellationToken cancellationToken, IReadOnlyCollection<Guid>? alsoScore = null)
    {
        var subjectKeys = await db.NameIndex.AsNoTracking().Where(e => e.HouseholdId == householdId && e.Phonetic).ToListAsync(cancellationToken);
        if (subjectKeys.Count == 0) return [];

        var frequencies = await counter.ForAsync(db, subjectKeys.Select(e => e.Hash), cancellationToken);

        // Members who could be the same person: two name keys in common (one for a one-part name), born within the
        // window, and not of the other sex. The index does the narrowing; the households whose members share the rarest
        // names at the closest ages are scored first.
        var found = new Dictionary<Guid, double>();
        foreach (var member in subjectKeys.GroupBy(e => e.MemberId))
        {
            var weights = member.ToDictionary(e => Convert.ToHexString(e.Hash), e => DuplicateScoring.NamePartWeight(frequencies.ShareOf(Convert.ToHexString(e.Hash))));
            var hashes = member.Select(e => e.Hash).OrderByDescending(h => weights[Convert.ToHexString(h)]).ToList();
            var (sex, born) = (member.First().Sex, member.First().DateOfBirth);
            var needed = Math.Min(2, hashes.Count);
            var (earliest, latest) = (born.AddDays(-BirthWindowDays), born.AddDays(BirthWindowDays));
            var sexes = sex == Sex.Unknown ? [Sex.Female, Sex.Male, Sex.Unknown] : new[] { sex, Sex.Unknown };
            // Whoever shares two of a member's keys shares one of all but the commonest: the index is read for the rarer
            // keys only, which leaves out most of the rows of a name like Mohammed (one man in seven).
            var rarer = needed == 2 ? hashes.Take(hashes.Count - 1).ToList() : hashes;
            var rows = await db.NameIndex.AsNoTracking()
                .Where(e => rarer.Contains(e.Hash) && sexes.Contains(e.Sex) && e.DateOfBirth >= earliest && e.DateOfBirth <= latest
                            && e.HouseholdId != householdId)
                .Select(e => new { e.HouseholdId, e.MemberId, e.Hash, e.DateOfBirth })
                .ToListAsync(cancellationToken);
            var byMember = rows.GroupBy(r => (r.HouseholdId, r.MemberId))
                .Select(g => (g.Key.HouseholdId, g.Key.MemberId, g.First().DateOfBirth, Shared: g.Select(r => Convert.ToHexString(r.Hash)).ToList()))
                .ToList();
            if (needed == 2 && hashes.Count > 1)
            {
                // Those sharing one rarer key count only if they carry the commonest one too: looked up by household.
                var commonest = hashes[^1];
                var once = byMember.Where(m => m.Shared.Count == 1).Select(m => m.HouseholdId).Distinct().ToList();
                var withCommonest = (await db.NameIndex.AsNoTracking().Where(e => once.Contains(e.HouseholdId) && e.Hash == commonest)
                    .Select(e => e.MemberId).ToListAsync(cancellationToken)).ToHashSet();
                foreach (var m in byMember.Where(m => withCommonest.Contains(m.MemberId))) m.Shared.Add(Convert.ToHexString(commonest));
            }
            // The likeness of each candidate member, by the weight of the names shared less a little for each year apart;
            // a household counts its best member for each of this household's members.
            var likeness = byMember.Where(m => m.Shared.Count >= needed)
                .Select(m => (m.HouseholdId, Weight: m.Shared.Sum(k => weights[k]) - Math.Abs(m.DateOfBirth.DayNumber - born.DayNumber) / 365.0))
                .GroupBy(m => m.HouseholdId, m => m.Weight)
                .Select(g => (HouseholdId: g.Key, Weight: g.Max()))
                .OrderByDescending(m => m.Weight)
                .Take(MembersPerMember);
            foreach (var (id, weight) in likeness) found[id] = found.GetValueOrDefault(id) + weight;
        }
        var ids = found.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(MostCandidates).Select(f => f.Key)
            .Concat(alsoScore ?? []).Append(householdId).Distinct().ToList();
        if (ids.Count == 1) return [];

        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => ids.Contains(h.Id) && h.MergedIntoId == null).ToListAsync(cancellationToken);
        var entries = await db.NameIndex.AsNoTracking().Where(e => ids.Contains(e.HouseholdId) && e.Phonetic).ToListAsync(cancellationToken);
        var keys = entries.GroupBy(e => e.MemberId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => Convert.ToHexString(e.Hash)).ToHashSet());
        var subject = households.FirstOrDefault(h => h.Id == householdId);
        if (subject is null) return [];
        return households.Where(h => h.Id != householdId)
            .Select(other => new Candidate(other.Id, DuplicateScoring.Score(ToCandidate(subject, keys), ToCandidate(other, keys), frequencies)))
            .OrderByDescending(c => c.Score.Weight)
            .ToList();
    }

    public async Task<int> FindForAsync(Guid householdId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        // A household still indexed with older keys is looked at once BlindIndexUpgradeJob has indexed it again.
        if (await db.Households.AnyAsync(h => h.Id == householdId && h.NameKeysVersion < NameKeys.Version, cancellationToken)) return 0;
        var known = await db.Duplicates.Where(d => d.FirstHouseholdId == householdId || d.SecondHouseholdId == householdId)
            .ToListAsync(cancellationToken);
        // Pairs already proposed are scored again even if the index no longer offers them: a correction may have parted them.
        var proposed = known.Where(d => d.Status == DuplicateStatus.Open)
            .Select(d => d.FirstHouseholdId == householdId ? d.SecondHouseholdId : d.FirstHouseholdId).ToList();
        var candidates = await ScoreAsync(householdId, cancellationToken, proposed);

        var found = 0;
        foreach (var (otherId, score) in candidates)
        {
            var (first, second) = householdId.CompareTo(otherId) < 0 ? (householdId, otherId) : (otherId, householdId);
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
            pair.ScoredAt = clock.GetUtcNow();
            found++;
        }
        // An open pair that could not be scored (one of the two merged into a third, or its names erased) is withdrawn.
        var scored = candidates.Select(c => c.HouseholdId).ToHashSet();
        db.Duplicates.RemoveRange(known.Where(d => d.Status == DuplicateStatus.Open
                                                   && !scored.Contains(d.FirstHouseholdId == householdId ? d.SecondHouseholdId : d.FirstHouseholdId)));
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    private static CandidateHousehold ToCandidate(Household h, IReadOnlyDictionary<Guid, IReadOnlySet<string>> keys) => new(
        h.Id, h.OriginAdm2Code, h.OriginNeighbourhood, h.PhoneKey is null ? null : Convert.ToHexString(h.PhoneKey),
        h.Members.Select(m => new CandidateMember(m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, keys.GetValueOrDefault(m.Id) ?? new HashSet<string>())).ToList());
}
