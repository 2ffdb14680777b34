namespace IdpTracker.Registration.Model;

/// <summary>A member as duplicate matching sees them: keyed hashes of their name keys, never the name.</summary>
public sealed record CandidateMember(Sex Sex, DateOnly DateOfBirth, IReadOnlySet<string> NameKeys);

public sealed record CandidateHousehold(Guid Id, string? OriginAdm2Code, string? OriginNeighbourhood, IReadOnlyList<CandidateMember> Members);

public sealed record DuplicateScore(double Score, IReadOnlyList<string> Reasons)
{
    public bool IsPossibleDuplicate => Score >= DuplicateScoring.Threshold;
}

/// <summary>
/// How alike two households are. Members are compared pair by pair: names (with spelling variants folded
/// into the same keys), date of birth within a year, and where they fled from; members of different sex
/// never match. The household score is its best-matching pair of members, raised for each further member
/// who also finds a match: many people share a common name and a birth year, so one such likeness alone
/// is not enough; it takes the same date of birth, the same origin, or a second member alike.
/// A score over the threshold puts the pair in front of a person; nothing is ever merged by this.
/// </summary>
public static class DuplicateScoring
{
    public const double Threshold = 0.85;

    /// <summary>How alike two members must be to count as the same person.</summary>
    public const double MemberThreshold = 0.75;

    private const double PerFurtherMember = 0.1;

    private const double NameWeight = 0.55, BirthWeight = 0.3, OriginWeight = 0.15;

    /// <summary>
    /// The fewest of a member's name keys another member must share to have any chance of counting as the
    /// same person, even with the same date of birth and origin: how candidates are narrowed in the database.
    /// </summary>
    public static int MinSharedNameKeys(int keyCount)
    {
        // Shared keys over all keys of both can be no more than shared over this member's own keys.
        var likeness = (MemberThreshold - BirthWeight - OriginWeight) / NameWeight;
        return Math.Max(1, (int)Math.Ceiling(keyCount * likeness - 1e-9));
    }

    public static DuplicateScore Score(CandidateHousehold a, CandidateHousehold b)
    {
        var pairs = (from x in a.Members.Select((m, i) => (m, i))
                     from y in b.Members.Select((m, i) => (m, i))
                     select (X: x.i, Y: y.i, Score: Score(x.m, y.m, SameOrigin(a, b))))
            .OrderByDescending(p => p.Score.Score)
            .ToList();
        if (pairs.Count == 0) return new DuplicateScore(0, []);

        // Each member matches at most one member of the other household.
        var (usedX, usedY, matched) = (new HashSet<int>(), new HashSet<int>(), 0);
        foreach (var p in pairs.Where(p => p.Score.Score >= MemberThreshold))
        {
            if (usedX.Contains(p.X) || usedY.Contains(p.Y)) continue;
            usedX.Add(p.X);
            usedY.Add(p.Y);
            matched++;
        }
        var best = pairs[0].Score;
        if (matched < 2) return best;
        var score = Math.Min(1.0, best.Score + PerFurtherMember * (matched - 1));
        return new DuplicateScore(Math.Round(score, 3), [$"{matched} members alike", .. best.Reasons]);
    }

    private static DuplicateScore Score(CandidateMember x, CandidateMember y, bool sameOrigin)
    {
        if (x.NameKeys.Count == 0 || y.NameKeys.Count == 0) return new DuplicateScore(0, []);
        var shared = x.NameKeys.Intersect(y.NameKeys).Count();
        var names = (double)shared / x.NameKeys.Union(y.NameKeys).Count();
        var birth = x.DateOfBirth == y.DateOfBirth ? 1.0 : Math.Abs(x.DateOfBirth.DayNumber - y.DateOfBirth.DayNumber) <= 366 ? 0.7 : 0.0;
        // A woman and a man are not one person, whatever their names.
        if (x.Sex != y.Sex && x.Sex != Sex.Unknown && y.Sex != Sex.Unknown) return new DuplicateScore(0, ["different sex"]);

        var score = NameWeight * names + BirthWeight * birth + (sameOrigin ? OriginWeight : 0.0);
        var reasons = new List<string> { $"{shared} of {x.NameKeys.Union(y.NameKeys).Count()} name parts alike" };
        reasons.Add(birth switch { 1.0 => "same date of birth", > 0 => "dates of birth within a year", _ => "dates of birth over a year apart" });
        if (sameOrigin) reasons.Add("same place of origin");
        return new DuplicateScore(Math.Round(score, 3), reasons);
    }

    private static bool SameOrigin(CandidateHousehold a, CandidateHousehold b) =>
        (a.OriginNeighbourhood is { } n && string.Equals(n, b.OriginNeighbourhood, StringComparison.OrdinalIgnoreCase))
        || (a.OriginAdm2Code is { } c && a.OriginNeighbourhood is null && c == b.OriginAdm2Code);
}
