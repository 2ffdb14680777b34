using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

/// <summary>docs/domain.md, "Possible duplicates": the cases field workers produce and the coincidences a displacement does.</summary>
public class DuplicateScoringTests
{
    private static readonly DateOnly Born = new(1984, 6, 1);

    /// <summary>A register of 100,000 people from Al-Hasakah: how many carry each name part (by its phonetic key).</summary>
    private static readonly NameFrequencies Register = new(new Dictionary<string, long>
    {
        ["ph:mhmd"] = 14_000, ["ph:ahmd"] = 6_000, ["ph:al"] = 5_000, ["ph:hsn"] = 4_500, ["ph:ftm"] = 4_000,
        ["ph:amn"] = 2_500, ["ph:kdj"] = 2_000, ["ph:amr"] = 2_500, ["ph:kld"] = 1_800, ["ph:ksm"] = 900,
        ["ph:klf"] = 700, ["ph:jbr"] = 600, ["ph:zbr"] = 300, ["ph:nsr"] = 500, ["ph:sfk"] = 12,
    }, 100_000);

    private static CandidateMember Person(string name, Sex sex, DateOnly born, bool estimated = false) =>
        new(sex, born, estimated, NameKeys.PhoneticFor(name).ToHashSet());

    private static CandidateHousehold Family(string? neighbourhood, string? phone, params CandidateMember[] members) =>
        new(Guid.NewGuid(), "SY0800", neighbourhood, PhoneKeys.For(phone), members);

    private static string Explain(DuplicateScore score) => $"score {score.Score} ({score.Weight} bits): {string.Join("; ", score.Reasons)}";

    [Fact]
    public void A_family_registered_twice_with_spelling_variants_and_an_estimated_age_is_proposed()
    {
        var first = Family("Ghuwayran", "+963 944 123 456",
            Person("Mohammed Ahmad Al-Khalaf", Sex.Male, Born),
            Person("Fatima Ali Al-Hassan", Sex.Female, new DateOnly(1988, 3, 14)),
            Person("Omar Mohammed Al-Khalaf", Sex.Male, new DateOnly(2012, 9, 2)),
            Person("Amina Mohammed Al-Khalaf", Sex.Female, new DateOnly(2016, 1, 20)));
        var again = Family("ghuwayran", null,
            Person("Muhammad Ahmed Alkhalaf", Sex.Male, new DateOnly(1985, 1, 1), estimated: true),
            Person("Fatma Ali Al Hasan", Sex.Female, new DateOnly(1988, 3, 14)),
            Person("Umar Mohamad Al-Khalaf", Sex.Male, new DateOnly(2012, 9, 2)),
            Person("Aminah Mohammed Khalaf", Sex.Female, new DateOnly(2016, 1, 20)));

        var score = DuplicateScoring.Score(first, again, Register);

        Assert.True(score.IsPossibleDuplicate, Explain(score));
        Assert.Equal("4 of 4 members alike", score.Reasons[0]);
    }

    [Fact]
    public void A_family_registered_once_in_Arabic_and_once_in_Latin_script_only_is_proposed()
    {
        var arabic = Family("الزهور", null,
            Person("محمد أحمد الأحمد", Sex.Male, Born),
            Person("خديجة ناصر الجابر", Sex.Female, new DateOnly(1990, 1, 1), estimated: true),
            Person("قاسم محمد الأحمد", Sex.Male, new DateOnly(2015, 4, 11)));
        var latin = Family(null, null,
            Person("Mohammed Ahmad Al-Ahmad", Sex.Male, Born),
            Person("Khadija Nasser Al-Jaber", Sex.Female, new DateOnly(1991, 1, 1), estimated: true),
            Person("Kassem Mohammed Al-Ahmad", Sex.Male, new DateOnly(2015, 4, 11)));

        var score = DuplicateScoring.Score(arabic, latin, Register);

        Assert.True(score.IsPossibleDuplicate, Explain(score));
    }

    [Fact]
    public void A_family_with_a_member_missing_at_the_second_registration_is_proposed()
    {
        var first = Family("Ghuwayran", null,
            Person("Khaled Jaber Al-Zubair", Sex.Male, Born),
            Person("Amina Nasser Al-Hassan", Sex.Female, new DateOnly(1989, 7, 7)),
            Person("Ali Khaled Al-Zubair", Sex.Male, new DateOnly(2010, 2, 2)),
            Person("Fatima Khaled Al-Zubair", Sex.Female, new DateOnly(2013, 5, 5)));
        var again = Family("Ghuwayran", null,
            Person("Khalid Jabir Zubair", Sex.Male, Born),
            Person("Amina Al-Hassan", Sex.Female, new DateOnly(1989, 7, 7)),
            Person("Ali Khalid Al-Zubair", Sex.Male, new DateOnly(2010, 2, 2)));

        var score = DuplicateScoring.Score(first, again, Register);

        Assert.True(score.IsPossibleDuplicate, Explain(score));
    }

    [Fact]
    public void Two_families_whose_heads_share_a_common_name_birth_year_and_neighbourhood_are_not_proposed()
    {
        // The pair the old score proposed: common given and family name, born within a year, same neighbourhood.
        var one = Family("Ghuwayran", null,
            Person("Mohammed Ahmad Al-Hassan", Sex.Male, Born),
            Person("Fatima Ali Al-Khalaf", Sex.Female, new DateOnly(1990, 1, 1), estimated: true),
            Person("Ahmad Mohammed Al-Hassan", Sex.Male, new DateOnly(2014, 8, 30)));
        var other = Family("Ghuwayran", null,
            Person("Muhammad Ahmed Al-Hassan", Sex.Male, Born.AddDays(200)),
            Person("Amina Jaber Al-Zubair", Sex.Female, new DateOnly(1992, 1, 1), estimated: true),
            Person("Omar Mohammed Al-Hassan", Sex.Male, new DateOnly(2016, 2, 1)),
            Person("Ahmad Mohammed Al-Hassan", Sex.Male, new DateOnly(2014, 3, 3)));

        var score = DuplicateScoring.Score(one, other, Register);

        Assert.False(score.IsPossibleDuplicate, Explain(score));
    }

    [Fact]
    public void A_shared_rare_name_weighs_more_than_a_shared_common_one()
    {
        CandidateHousehold Alone(string name) => Family(null, null, Person(name, Sex.Male, Born));

        var common = DuplicateScoring.Score(Alone("Mohammed Ahmad"), Alone("Muhammad Ahmed"), Register);
        var rare = DuplicateScoring.Score(Alone("Mohammed Sfouk"), Alone("Muhammad Sfuk"), Register);

        Assert.True(rare.Weight > common.Weight + 6, $"rare {Explain(rare)}; common {Explain(common)}");
        Assert.Contains(rare.Reasons, r => r.Contains("1 rare"));
    }

    [Fact]
    public void While_the_register_is_small_a_name_is_taken_as_typical_not_as_rare()
    {
        var early = new NameFrequencies(new Dictionary<string, long> { ["ph:mhmd"] = 3 }, 20);

        Assert.Equal(NameFrequencies.TypicalShare, early.ShareOf("ph:mhmd"), 0.001);
    }

    [Fact]
    public void The_same_phone_number_is_strong_evidence_and_a_different_one_weak()
    {
        CandidateHousehold Alone(string? phone) => Family("Ghuwayran", phone, Person("Khaled Jaber Al-Zubair", Sex.Male, Born));

        var samePhone = DuplicateScoring.Score(Alone("+963 944 123 456"), Alone("0944123456"), Register);
        var noPhone = DuplicateScoring.Score(Alone("+963 944 123 456"), Alone(null), Register);
        var otherPhone = DuplicateScoring.Score(Alone("+963 944 123 456"), Alone("0933 765 432"), Register);

        Assert.Equal(10, samePhone.Weight - noPhone.Weight, 0.2);
        Assert.Equal(-1, otherPhone.Weight - noPhone.Weight, 0.2);
        Assert.Contains("same phone number", samePhone.Reasons);
    }

    /// <summary>A member named Mohammed Jaber Al-Zubair: Al-Zubair weighs 8 bits, Jaber 5, Mohammed 2.7 (rarest first).</summary>
    [Theory]
    [InlineData(0b011, 13)] // Jaber Al-Zubair
    [InlineData(0b111, 13)] // all three: the two rarer parts already make the candidate
    [InlineData(0b101, 10.7)] // Mohammed Al-Zubair: one rarer part, and the commonest as the second
    [InlineData(0b110, 7.7)] // Mohammed Jaber
    public void A_candidate_is_weighed_by_the_rarer_parts_shared_or_one_of_them_and_the_commonest(int shared, double weight)
    {
        Assert.Equal(weight, DuplicateScoring.CandidateWeight([8, 5, 2.7], shared), precision: 9);
    }

    [Theory]
    [InlineData("Khaled Jaber Al-Zubair", "Khaled Jaber Al-Zubair", 1200, "male")] // born three years apart
    [InlineData("Khaled Jaber Al-Zubair", "Khaled Jaber Al-Zubair", 0, "female")]
    [InlineData("Khaled Jaber Al-Zubair", "Walid Haddad", 0, "male")]
    public void Different_people_are_not_alike_however_alike_the_rest(string one, string other, int daysApart, string otherSex)
    {
        var score = DuplicateScoring.Score(
            Family("Ghuwayran", null, Person(one, Sex.Male, Born)),
            Family("Ghuwayran", null, Person(other, otherSex == "male" ? Sex.Male : Sex.Female, Born.AddDays(daysApart))), Register);

        Assert.False(score.IsPossibleDuplicate, Explain(score));
    }

    [Fact]
    public void One_member_cannot_vouch_for_two()
    {
        var one = Family(null, null, Person("Khaled Jaber Al-Zubair", Sex.Male, Born));
        var two = Family(null, null, Person("Khaled Jaber Al-Zubair", Sex.Male, Born), Person("Khalid Jabir Al-Zubair", Sex.Male, Born));

        var single = DuplicateScoring.Score(one, one with { Id = Guid.NewGuid() }, Register);
        var twice = DuplicateScoring.Score(one, two, Register);

        Assert.Equal("1 of 2 members alike", twice.Reasons[0]);
        Assert.True(twice.Weight < single.Weight, $"{Explain(twice)} against {Explain(single)}");
    }

    [Fact]
    public void A_member_without_a_name_matches_nobody()
    {
        var score = DuplicateScoring.Score(Family(null, null, Person("", Sex.Male, Born)), Family(null, null, Person("", Sex.Male, Born)), Register);

        Assert.Equal(0, score.Score);
    }

    [Fact]
    public void The_reasons_say_why()
    {
        var score = DuplicateScoring.Score(
            Family("Ghuwayran", "0944123456", Person("Khaled Jaber Al-Zubair", Sex.Male, Born)),
            Family("ghuwayran", "+963944123456", Person("Khalid Jabir Zubair", Sex.Male, Born)), Register);

        Assert.Equal(["1 of 1 members alike", "both households of 1", "same phone number", "same place of origin",
            "a male member: 3 name part(s) alike, same date of birth"], score.Reasons);
    }
}
