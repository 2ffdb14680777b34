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
