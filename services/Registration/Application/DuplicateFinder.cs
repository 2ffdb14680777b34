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

    private sealed record CandidateWeight(Guid HouseholdId, double Weight);

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
        var members = subjectKeys.GroupBy(e => e.MemberId).Select(member =>
        {
            var weights = member.ToDictionary(e => Convert.ToHexString(e.Hash), e => DuplicateScoring.NamePartWeight(frequencies.ShareOf(Convert.ToHexString(e.Hash))));
            var hashes = member.Select(e => e.Hash).OrderByDescending(h => weights[Convert.ToHexString(h)]).ToList();
            return new SubjectMember(householdId, member.First().Sex, member.First().DateOfBirth, hashes, hashes.Select(h => weights[Convert.ToHexString(h)]).ToList());
        }).ToList();
        var paired = members.Where(m => m.IsPaired).ToList();
        List<CandidateWeight> likeness = paired.Count > 0 ? await ByPairsAsync(paired, cancellationToken) : [];
        foreach (var member in members.Where(m => !m.IsPaired)) likeness.AddRange(await ByKeysAsync(member, cancellationToken));
        var found = new Dictionary<Guid, double>();
        foreach (var (id, weight) in likeness) found[id] = found.GetValueOrDefault(id) + weight;
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

    /// <summary>One member of the household being matched: its phonetic keys, rarest first, and what each weighs.</summary>
    private sealed record SubjectMember(Guid HouseholdId, Sex Sex, DateOnly Born, IReadOnlyList<byte[]> Keys, IReadOnlyList<double> Weights)
    {
        /// <summary>Matched through the pairs of its keys (<see cref="ByPairsAsync"/>), not key by key.</summary>
        public bool IsPaired => Keys.Count is >= 2 and <= NameKeyPairs.MostKeys;
        public DateOnly Earliest => Born.AddDays(-BirthWindowDays);
        public DateOnly Latest => Born.AddDays(BirthWindowDays);
        public string[] Sexes => (Sex == Sex.Unknown ? [Sex.Female, Sex.Male, Sex.Unknown] : new[] { Sex, Sex.Unknown }).Select(s => s.ToString()).ToArray();
    }

    /// <summary>
    /// The likeness of each candidate member, by the weight of the names shared (<see cref="DuplicateScoring.CandidateWeight"/>)
    /// less a little for each year apart; a household counts its best member for each subject member, and the
    /// <see cref="MembersPerMember"/> best households of each subject member are added up. Added up in the database, so
    /// only the best households come back, not every member sharing a common name. Candidates are read by pairs of keys:
    /// whoever shares two of a member's keys carries one of its pairs, and the few who carry a pair of common names are
    /// read instead of everyone who carries one of them. One statement for all the household's members rather than one
    /// each: a household scored in 20 ms instead of 26 (p50, 876,000 households; docs/benchmarks/README.md, item 26).
    /// </summary>
    private async Task<List<CandidateWeight>> ByPairsAsync(IReadOnlyList<SubjectMember> members, CancellationToken cancellationToken)
    {
        var pairs = members.SelectMany((m, i) => NameKeyPairs.Of(m.Keys).Select(p => (p.Hash, Shared: 1 << p.First | 1 << p.Second, Member: i))).ToList();
        // Every member's weights for each set of its keys shared, one member after another from its offset.
        var weightOf = new List<double>();
        var offsets = new int[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            offsets[i] = weightOf.Count;
            var member = members[i];
            weightOf.AddRange(Enumerable.Range(0, 1 << member.Keys.Count).Select(shared => DuplicateScoring.CandidateWeight(member.Weights, shared)));
        }
        var householdId = members[0].HouseholdId;
        // "(e.phonetic OR e.pair)" holds for every key asked about here; it is the match index's own condition, which
        // lets the index alone answer (a condition it does not hold would be checked row by row in the table: ADR-014).
        return await db.Database.SqlQuery<CandidateWeight>($"""
            WITH p AS (SELECT * FROM unnest({pairs.Select(p => p.Hash).ToArray()}::bytea[], {pairs.Select(p => p.Shared).ToArray()}::int[], {pairs.Select(p => p.Member).ToArray()}::int[]) AS p(hash, keys, member)),
            s AS (SELECT * FROM unnest({members.Select((_, i) => i).ToArray()}::int[], {members.Select(m => m.Sexes).Select(x => string.Join(',', x)).ToArray()}::text[],
                                       {members.Select(m => m.Born).ToArray()}::date[], {offsets}::int[]) AS s(member, sexes, born, start)),
            m AS (
                SELECT p.member, e.household_id, e.member_id, min(e.date_of_birth) AS born, bit_or(p.keys) AS shared
                FROM p JOIN s ON s.member = p.member
                JOIN name_index e ON e.hash = p.hash AND (e.phonetic OR e.pair)
                WHERE e.sex = ANY(string_to_array(s.sexes, ',')) AND e.date_of_birth BETWEEN s.born - {BirthWindowDays} AND s.born + {BirthWindowDays}
                  AND e.household_id <> {householdId}
                GROUP BY p.member, e.household_id, e.member_id),
            h AS (
                SELECT m.member, m.household_id, max(({weightOf.ToArray()}::float8[])[s.start + m.shared + 1] - abs(m.born - s.born) / 365.0) AS weight
                FROM m JOIN s ON s.member = m.member
                GROUP BY m.member, m.household_id),
            best AS (SELECT h.*, row_number() OVER (PARTITION BY h.member ORDER BY h.weight DESC, h.household_id) AS rank FROM h)
            SELECT household_id, sum(weight) AS weight FROM best WHERE rank <= {MembersPerMember} GROUP BY household_id
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="ByPairsAsync"/> for a member whose name gives one key, or more than are paired: read key by key. Whoever
    /// shares two of a member's keys shares one of all but the commonest: the index is read for the rarer keys only,
    /// which leaves out most of the rows of a name like Mohammed (one man in seven); a member sharing one rarer key counts
    /// only if they carry the commonest too.
    /// </summary>
    private async Task<List<CandidateWeight>> ByKeysAsync(SubjectMember member, CancellationToken cancellationToken)
    {
        var needed = Math.Min(2, member.Keys.Count);
        var rarer = needed == 2 ? member.Keys.Count - 1 : member.Keys.Count;
        var commonest = needed == 2 ? member.Keys[^1] : null;
        var commonestWeight = needed == 2 ? member.Weights[^1] : 0;
        // The match index's own condition, as in ByPairsAsync.
        return await db.Database.SqlQuery<CandidateWeight>($"""
            WITH k AS (SELECT * FROM unnest({member.Keys.Take(rarer).ToArray()}::bytea[], {member.Weights.Take(rarer).ToArray()}::float8[]) AS k(hash, weight)),
            m AS (
                SELECT e.household_id, e.member_id, min(e.date_of_birth) AS born, count(*) AS shared, sum(k.weight) AS weight
                FROM name_index e JOIN k ON k.hash = e.hash AND (e.phonetic OR e.pair)
                WHERE e.sex = ANY({member.Sexes}) AND e.date_of_birth BETWEEN {member.Earliest} AND {member.Latest} AND e.household_id <> {member.HouseholdId}
                GROUP BY e.household_id, e.member_id),
            c AS (
                SELECT e.household_id, e.member_id FROM name_index e
                WHERE e.hash = {commonest} AND (e.phonetic OR e.pair) AND e.sex = ANY({member.Sexes}) AND e.date_of_birth BETWEEN {member.Earliest} AND {member.Latest})
            SELECT m.household_id,
                   max(m.weight + CASE WHEN m.shared < {needed} THEN {commonestWeight} ELSE 0 END - abs(m.born - {member.Born}) / 365.0) AS weight
            FROM m LEFT JOIN c ON c.household_id = m.household_id AND c.member_id = m.member_id AND m.shared < {needed}
            WHERE m.shared >= {needed} OR c.member_id IS NOT NULL
            GROUP BY m.household_id
            ORDER BY 2 DESC, 1
            LIMIT {MembersPerMember}
            """).ToListAsync(cancellationToken);
    }

    private static CandidateHousehold ToCandidate(Household h, IReadOnlyDictionary<Guid, IReadOnlySet<string>> keys) => new(
        h.Id, h.OriginAdm2Code, h.OriginNeighbourhood, h.PhoneKey is null ? null : Convert.ToHexString(h.PhoneKey),
        h.Members.Select(m => new CandidateMember(m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, keys.GetValueOrDefault(m.Id) ?? new HashSet<string>())).ToList());
}
