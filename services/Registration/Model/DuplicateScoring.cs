namespace IdpTracker.Registration.Model;

/// <summary>A member as duplicate matching sees them: keyed hashes of their name keys, never the name.</summary>
public sealed record CandidateMember(Sex Sex, DateOnly DateOfBirth, IReadOnlySet<string> NameKeys);

public sealed record CandidateHousehold(Guid Id, string? OriginAdm2Code, string? OriginNeighbourhood, IReadOnlyList<CandidateMember> Members);

public sealed record DuplicateScore(double Score, IReadOnlyList<string> Reasons)
{
    public bool IsPossibleDuplicate => Score >= DuplicateScoring.Threshold;
}

/// <summary>
/// How alike two households are, from their best-matching pair of members: names (with spelling
/// variants folded into the same keys), date of birth within a year, and where they fled from;
/// members of different sex never match.
/// A score over the threshold puts the pair in front of a person; nothing is ever merged by this.
/// </summary>
public static class DuplicateScoring
{
    public const double Threshold = 0.75;

    public static DuplicateScore Score(CandidateHousehold a, CandidateHousehold b)
    {
        var best = new DuplicateScore(0, []);
        foreach (var x in a.Members)
        foreach (var y in b.Members)
        {
            var score = Score(x, y, SameOrigin(a, b));
            if (score.Score > best.Score) best = score;
        }
        return best;
    }

    private static DuplicateScore Score(CandidateMember x, CandidateMember y, bool sameOrigin)
    {
        if (x.NameKeys.Count == 0 || y.NameKeys.Count == 0) return new DuplicateScore(0, []);
        var shared = x.NameKeys.Intersect(y.NameKeys).Count();
        var names = (double)shared / x.NameKeys.Union(y.NameKeys).Count();
        var birth = x.DateOfBirth == y.DateOfBirth ? 1.0 : Math.Abs(x.DateOfBirth.DayNumber - y.DateOfBirth.DayNumber) <= 366 ? 0.7 : 0.0;
        // A woman and a man are not one person, whatever their names.
        if (x.Sex != y.Sex && x.Sex != Sex.Unknown && y.Sex != Sex.Unknown) return new DuplicateScore(0, ["different sex"]);

        var score = 0.55 * names + 0.3 * birth + (sameOrigin ? 0.15 : 0.0);
        var reasons = new List<string> { $"{shared} of {x.NameKeys.Union(y.NameKeys).Count()} name parts alike" };
        reasons.Add(birth switch { 1.0 => "same date of birth", > 0 => "dates of birth within a year", _ => "dates of birth over a year apart" });
        if (sameOrigin) reasons.Add("same place of origin");
        return new DuplicateScore(Math.Round(score, 3), reasons);
    }

    private static bool SameOrigin(CandidateHousehold a, CandidateHousehold b) =>
        (a.OriginNeighbourhood is { } n && string.Equals(n, b.OriginNeighbourhood, StringComparison.OrdinalIgnoreCase))
        || (a.OriginAdm2Code is { } c && a.OriginNeighbourhood is null && c == b.OriginAdm2Code);
}
