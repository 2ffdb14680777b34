using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

public class DuplicateScoringTests
{
    private static readonly DateOnly Born = new(1984, 6, 1);

    private static CandidateHousehold Family(string name, Sex sex, DateOnly dateOfBirth, string? neighbourhood = null) =>
        new(Guid.NewGuid(), "SY0800", neighbourhood, [new CandidateMember(sex, dateOfBirth, NameKeys.For(name).ToHashSet())]);

    [Theory]
    // the same person written by two field workers
    [InlineData("Mohammed Al-Khalaf", "Muhammad Alkhalaf", 0)]
    [InlineData("محمد الخلف", "مُحَمَّد خلف", 0)]
    [InlineData("Mohammed Al-Khalaf", "Mohamad Al Khalaf", 200)]
    [InlineData("Mohammed Al-Khalaf", "Mohammed Al-Khalaf", -300)]
    public void The_same_person_spelt_differently_with_a_birth_date_within_a_year_is_a_possible_duplicate(string one, string other, int daysApart)
    {
        var score = DuplicateScoring.Score(Family(one, Sex.Male, Born), Family(other, Sex.Male, Born.AddDays(daysApart)));

        Assert.True(score.IsPossibleDuplicate, $"score {score.Score}: {string.Join("; ", score.Reasons)}");
    }

    [Theory]
    [InlineData("Mohammed Al-Khalaf", "Walid Haddad", 0, "male")]
    [InlineData("Mohammed Al-Khalaf", "Mohammed Al-Khalaf", 1200, "male")]
    [InlineData("Fatima Al-Hassan", "Khadija Al-Ali", 0, "female")]
    [InlineData("Mohammed Al-Khalaf", "Mohammed Al-Khalaf", 0, "female")]
    public void Different_people_are_not_proposed(string one, string other, int daysApart, string otherSex)
    {
        var score = DuplicateScoring.Score(
            Family(one, Sex.Male, Born), Family(other, otherSex == "male" ? Sex.Male : Sex.Female, Born.AddDays(daysApart)));

        Assert.False(score.IsPossibleDuplicate, $"score {score.Score}: {string.Join("; ", score.Reasons)}");
    }

    private static CandidateHousehold Family(string origin, params (string Name, Sex Sex, DateOnly Born)[] members) =>
        new(Guid.NewGuid(), origin, null, members.Select(m => new CandidateMember(m.Sex, m.Born, NameKeys.For(m.Name).ToHashSet())).ToList());

    [Fact]
    public void Families_alike_in_one_common_name_and_birth_year_only_are_not_proposed()
    {
        var one = Family("SY0800", ("Mohammed Al-Hassan", Sex.Male, Born), ("Fatima Al-Hassan", Sex.Female, new DateOnly(1990, 1, 1)));
        var other = Family("SY0801", ("Muhammad Al-Hassan", Sex.Male, Born.AddDays(120)), ("Amina Al-Hassan", Sex.Female, new DateOnly(1990, 1, 1)));

        var score = DuplicateScoring.Score(one, other);

        Assert.False(score.IsPossibleDuplicate, $"score {score.Score}: {string.Join("; ", score.Reasons)}");
    }

    [Fact]
    public void Families_with_two_members_alike_are_proposed_and_say_so()
    {
        var one = Family("SY0800", ("Mohammed Al-Hassan", Sex.Male, Born), ("Fatima Al-Hassan", Sex.Female, new DateOnly(1990, 1, 1)));
        var other = Family("SY0801", ("Muhammad Al-Hassan", Sex.Male, Born.AddDays(120)), ("Fatma Al-Hassan", Sex.Female, new DateOnly(1990, 5, 1)));

        var score = DuplicateScoring.Score(one, other);

        Assert.True(score.IsPossibleDuplicate, $"score {score.Score}: {string.Join("; ", score.Reasons)}");
        Assert.Equal("2 members alike", score.Reasons[0]);
    }

    [Fact]
    public void One_member_cannot_vouch_for_two()
    {
        // The head of one family is alike to both men of the other, but is only one person.
        var one = Family("SY0800", ("Mohammed Al-Hassan", Sex.Male, Born));
        var other = Family("SY0801", ("Mohammed Al-Hassan", Sex.Male, Born.AddDays(100)), ("Mohamad Al-Hassan", Sex.Male, Born.AddDays(-100)));

        Assert.False(DuplicateScoring.Score(one, other).IsPossibleDuplicate);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void Candidates_sharing_fewer_name_keys_than_the_database_asks_for_could_never_have_matched(int keyCount)
    {
        var keys = Enumerable.Range(0, keyCount).Select(i => $"k{i}").ToHashSet();
        var needed = DuplicateScoring.MinSharedNameKeys(keyCount);
        var justEnough = keys.Take(needed).ToHashSet();
        var tooFew = keys.Take(needed - 1).Append("other").ToHashSet();

        // Same date of birth and same origin: the most a name likeness can be helped.
        double Best(HashSet<string> candidate) => DuplicateScoring.Score(
            new CandidateHousehold(Guid.NewGuid(), "SY0800", null, [new CandidateMember(Sex.Male, Born, keys)]),
            new CandidateHousehold(Guid.NewGuid(), "SY0800", null, [new CandidateMember(Sex.Male, Born, candidate)])).Score;

        Assert.True(Best(tooFew) < DuplicateScoring.MemberThreshold, $"{needed - 1} of {keyCount} keys scored {Best(tooFew)}");
        Assert.True(Best(justEnough) >= DuplicateScoring.MemberThreshold, $"{needed} of {keyCount} keys scored {Best(justEnough)}");
    }

    [Fact]
    public void A_member_without_a_name_matches_nobody()
    {
        var score = DuplicateScoring.Score(Family("", Sex.Male, Born), Family("", Sex.Male, Born));

        Assert.Equal(0, score.Score);
    }

    [Fact]
    public void The_reasons_say_why()
    {
        var score = DuplicateScoring.Score(Family("Mohammed Al-Khalaf", Sex.Male, Born, "Ghuwayran"), Family("Muhammad Khalaf", Sex.Male, Born, "ghuwayran"));

        Assert.Equal(["2 of 2 name parts alike", "same date of birth", "same place of origin"], score.Reasons);
    }
}
