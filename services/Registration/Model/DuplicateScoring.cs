namespace IdpTracker.Registration.Model;

/// <summary>A member as duplicate matching sees them: keyed hashes of their phonetic name keys, never the name.</summary>
public sealed record CandidateMember(Sex Sex, DateOnly DateOfBirth, bool DateOfBirthEstimated, IReadOnlySet<string> NameKeys);

/// <param name="PhoneKey">A keyed hash of the phone number, or null when none was given.</param>
public sealed record CandidateHousehold(
    Guid Id, string? OriginAdm2Code, string? OriginNeighbourhood, string? PhoneKey, IReadOnlyList<CandidateMember> Members);

/// <param name="Score">How likely the two are one family, from 0 to 1; <see cref="DuplicateScoring.Threshold"/> puts a pair before a person.</param>
/// <param name="Weight">The evidence in bits (log2 of the likelihood ratio) that <see cref="Score"/> is read from.</param>
public sealed record DuplicateScore(double Score, IReadOnlyList<string> Reasons, double Weight = 0)
{
    public bool IsPossibleDuplicate => Score >= DuplicateScoring.Threshold;
}

/// <summary>
/// How common each phonetic name key is among the people in the register: sharing "Mohammed" says little about being
/// one person, sharing a rare family name says much. Counted from the blind index, so no name is read; smoothed
/// towards a typical share while the register is small, so the first arrivals of a surge do not all look rare.
/// </summary>
public sealed class NameFrequencies(IReadOnlyDictionary<string, long> peopleWithKey, long people)
{
    /// <summary>The share of people a name part is assumed to have before the register says otherwise.</summary>
    public const double TypicalShare = 1.0 / 300;

    /// <summary>How many people's worth of that assumption the register's own counts must outweigh.</summary>
    public const double AssumedPeople = 3000;

    public static readonly NameFrequencies Typical = new(new Dictionary<string, long>(), 0);

    public long People => people;

    public long PeopleWith(string key) => peopleWithKey.GetValueOrDefault(key);

    public double ShareOf(string key) => (PeopleWith(key) + TypicalShare * AssumedPeople) / (people + AssumedPeople);
}

/// <summary>
/// How likely two households are one family registered twice (docs/domain.md, "Possible duplicates"), in the manner of
/// Fellegi and Sunter's record linkage: each piece of evidence weighs log2(m/u) bits, where m is how often it holds for
/// one family registered twice and u how often it holds by chance for two families. Names weigh by how rare they are in
/// the register; members are aligned one to one by sex, names and age; a member alike in both adds its weight, a member
/// found in only one takes a little away; the same phone number is strong evidence, the same place of origin weak,
/// because in a displacement everyone comes from the same few neighbourhoods.
/// The weight becomes a score from 0 to 1 (a logistic curve); over the threshold, a person looks at the pair.
/// Nothing is ever merged by this.
/// </summary>
public static class DuplicateScoring
{
    public const double Threshold = 0.85;

    /// <summary>
    /// The weight, in bits, at which the score is one half; the threshold sits log2(0.85/0.15) = 2.5 bits above. Chosen on a
    /// labelled reception (docs/benchmarks/duplicates.md) and checked on a second one generated with another seed.
    /// </summary>
    public const double EvenWeight = 20;

    /// <summary>How often a name part of one person is written with the same phonetic key at a second registration.</summary>
    private const double NamePartAgrees = 0.9;
    private const double MostPerNamePart = 12, NamePartMissing = -3;

    /// <summary>What a name part weighs when another pair of members of the same two households has already shared it.</summary>
    private const double RepeatedPart = 1;

    /// <summary>Members whose evidence is below this are not taken as one person.</summary>
    public const double MemberAlike = 6;

    private const double UnmatchedMember = -2;
    private const double SamePhone = 10, DifferentPhone = -1;
    private const double SameNeighbourhood = 1, SameDistrict = 0.5, DifferentDistrict = -1.5;

    public static DuplicateScore Score(CandidateHousehold a, CandidateHousehold b, NameFrequencies frequencies)
    {
        var pairs = (from x in a.Members.Select((m, i) => (m, i))
                     from y in b.Members.Select((m, i) => (m, i))
                     let alike = Compare(x.m, y.m, frequencies)
                     where alike is not null && alike.Weight >= MemberAlike
                     select (X: x.i, Y: y.i, Alike: alike))
            .OrderByDescending(p => p.Alike.Weight)
            .ToList();

        // Each member is at most one member of the other household.
        var (usedX, usedY, matched) = (new HashSet<int>(), new HashSet<int>(), new List<MemberLikeness>());
        foreach (var p in pairs)
        {
            if (usedX.Contains(p.X) || usedY.Contains(p.Y)) continue;
            usedX.Add(p.X);
            usedY.Add(p.Y);
            matched.Add(p.Alike);
        }
        if (matched.Count == 0) return new DuplicateScore(0, ["no member alike"]);

        // Members of one family share its family name and, the children, their father's name: once one pair of members
        // has shown the household shares them, the next pair showing them again adds little. Two families of the same
        // tribe whose fathers are both called Mohammed are not a duplicate because each child says so again.
        var credited = new HashSet<string>();
        var weight = 0.0;
        foreach (var member in matched)
        {
            weight += member.Weight;
            foreach (var (key, keyWeight) in member.Parts)
            {
                if (!credited.Add(key)) weight -= keyWeight - Math.Min(keyWeight, RepeatedPart);
            }
        }
        var reasons = new List<string> { $"{matched.Count} of {Math.Max(a.Members.Count, b.Members.Count)} members alike" };
        var size = Size(a.Members.Count, b.Members.Count);
        weight += size.Weight;
        reasons.Add(size.Reason);
        var unmatched = a.Members.Count + b.Members.Count - 2 * matched.Count;
        if (unmatched > 0)
        {
            weight += UnmatchedMember * unmatched;
            reasons.Add($"{unmatched} member(s) in only one of the two");
        }
        if (a.PhoneKey is not null && b.PhoneKey is not null)
        {
            var same = a.PhoneKey == b.PhoneKey;
            weight += same ? SamePhone : DifferentPhone;
            reasons.Add(same ? "same phone number" : "different phone numbers");
        }
        var origin = Origin(a, b);
        weight += origin.Weight;
        if (origin.Reason is not null) reasons.Add(origin.Reason);
        reasons.AddRange(matched.Select(m => m.Reason));

        return new DuplicateScore(Math.Round(1 / (1 + Math.Pow(2, EvenWeight - weight)), 3), reasons, Math.Round(weight, 1));
    }

    /// <param name="Parts">The name parts the two share, with what each weighed.</param>
    /// <summary>What a name part shared by two people weighs, given the share of people who carry it.</summary>
    public static double NamePartWeight(double share) => Math.Min(MostPerNamePart, Math.Log2(NamePartAgrees / share));

    /// <summary>
    /// What a candidate member weighs for one member, before the years between their dates of birth, when choosing which
    /// households to score (docs/domain.md, "Possible duplicates"): the member's rarer name parts the candidate shares; a
    /// candidate sharing only one of them counts the member's commonest part too, as the second part it must share.
    /// </summary>
    /// <param name="weights">What each of the member's name parts weighs, rarest first.</param>
    /// <param name="shared">The parts the candidate shares, a bit per part in the same order.</param>
    public static double CandidateWeight(IReadOnlyList<double> weights, int shared)
    {
        var commonest = weights.Count - 1;
        var rarer = Enumerable.Range(0, commonest).Where(i => (shared & 1 << i) != 0).ToList();
        var weight = rarer.Sum(i => weights[i]);
        return rarer.Count >= 2 || (shared & 1 << commonest) == 0 ? weight : weight + weights[commonest];
    }

    private sealed record MemberLikeness(double Weight, string Reason, IReadOnlyList<(string Key, double Weight)> Parts);

    private static MemberLikeness? Compare(CandidateMember x, CandidateMember y, NameFrequencies frequencies)
    {
        // A woman and a man are not one person, whatever their names.
        if (x.Sex != y.Sex && x.Sex != Sex.Unknown && y.Sex != Sex.Unknown) return null;
        if (x.NameKeys.Count == 0 || y.NameKeys.Count == 0) return null;
        var shared = x.NameKeys.Intersect(y.NameKeys).ToList();
        if (shared.Count == 0) return null;

        var parts = shared.Select(key => (Key: key, Weight: NamePartWeight(frequencies.ShareOf(key)))).ToList();
        var weight = parts.Sum(p => p.Weight);
        var rare = shared.Count(key => frequencies.ShareOf(key) < 1.0 / 1000);
        // A part only one registration has may be a father's name left out; a part each has that the other lacks is a
        // different name.
        var missing = Math.Min(x.NameKeys.Count, y.NameKeys.Count) - shared.Count;
        weight += NamePartMissing * missing;

        // Born too far apart to be one person, whatever the names: a grandson named after his grandfather.
        if (Birth(x, y) is not ({ } birth, var birthReason)) return null;
        weight += birth;
        var names = $"{shared.Count} name part(s) alike{(rare > 0 ? $" ({rare} rare)" : "")}{(missing > 0 ? $", {missing} different" : "")}";
        return new MemberLikeness(weight, $"a {(x.Sex == Sex.Unknown ? y.Sex : x.Sex).ToString().ToLowerInvariant()} member: {names}, {birthReason}", parts);
    }

    /// <summary>
    /// A date of birth written from a document agrees to the day; one estimated from an age ("about 40") only to the year
    /// or two, so agreement weighs less and a gap is forgiven more.
    /// </summary>
    /// <returns>Null when the two cannot be one person.</returns>
    private static (double? Weight, string Reason) Birth(CandidateMember x, CandidateMember y)
    {
        var days = Math.Abs(x.DateOfBirth.DayNumber - y.DateOfBirth.DayNumber);
        var years = Math.Abs(x.DateOfBirth.Year - y.DateOfBirth.Year);
        if (x.DateOfBirthEstimated || y.DateOfBirthEstimated)
        {
            return years switch
            {
                <= 1 => (2, "ages alike (estimated)"),
                2 => (0, "ages two years apart (estimated)"),
                3 => (-3, "ages three years apart (estimated)"),
                _ => (null, "ages far apart"),
            };
        }
        if (days == 0) return (8, "same date of birth");
        // Two dates from documents differ for one person only by a slip: a day in the same month, day and month swapped.
        var swapped = x.DateOfBirth.Year == y.DateOfBirth.Year && x.DateOfBirth.Month == y.DateOfBirth.Day && x.DateOfBirth.Day == y.DateOfBirth.Month;
        if (swapped || x.DateOfBirth.Year == y.DateOfBirth.Year && x.DateOfBirth.Month == y.DateOfBirth.Month) return (3, "dates of birth nearly the same");
        return days switch
        {
            <= 366 => (-2, "dates of birth months apart"),
            <= 731 => (-5, "dates of birth one to two years apart"),
            _ => (null, "dates of birth far apart"),
        };
    }

    /// <summary>
    /// Households of a size (docs/domain.md, "Possible duplicates"): the share of displaced households with 1, 2, ... 7 or
    /// more members. Two registrations of one family have the same size seven times in ten (a member missing or added
    /// the rest); two families by chance as often as that size is common, so the same size weighs most for a person alone.
    /// </summary>
    private static readonly double[] SizeShares = [0.06, 0.10, 0.14, 0.17, 0.17, 0.14, 0.22];
    private const double SameSize = 0.7;

    private static (double Weight, string Reason) Size(int a, int b)
    {
        var share = SizeShares[Math.Clamp(a, 1, SizeShares.Length) - 1];
        return a == b
            ? (Math.Log2(SameSize / share), $"both households of {a}")
            : (Math.Log2((1 - SameSize) / (1 - share)), $"households of {a} and {b}");
    }

    private static (double Weight, string? Reason) Origin(CandidateHousehold a, CandidateHousehold b)
    {
        if (a.OriginNeighbourhood is { } n && string.Equals(n, b.OriginNeighbourhood, StringComparison.OrdinalIgnoreCase))
        {
            return (SameNeighbourhood, "same place of origin");
        }
        if (a.OriginAdm2Code is null || b.OriginAdm2Code is null) return (0, null);
        return a.OriginAdm2Code == b.OriginAdm2Code ? (SameDistrict, "same district of origin") : (DifferentDistrict, "different districts of origin");
    }
}
