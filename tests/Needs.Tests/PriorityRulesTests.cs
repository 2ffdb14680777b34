using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>DOMAIN.md, "Priority (highest first)": tents, makeshift, unfinished or unheated shelter; children under 5;
/// female- or child-headed; older people; disability or serious medical condition.</summary>
public class PriorityRulesTests
{
    private static readonly DateOnly Today = new(2027, 1, 15);

    private static PriorityMember Adult(string sex = "male", bool head = true, params string[] needs) => new(sex, Today.AddYears(-35), head, needs);

    private static PriorityMember Child(int years, params string[] needs) => new("female", Today.AddYears(-years).AddDays(-10), false, needs);

    private static readonly ShelterFacts HeatedSchool = new("school", true);

    [Theory]
    [InlineData("tentSite", true, "tent, makeshift or unfinished shelter")]
    [InlineData("unfinishedBuilding", true, "tent, makeshift or unfinished shelter")]
    [InlineData("mosque", false, "unheated shelter")]
    public void Exposed_or_unheated_shelter_comes_first(string type, bool heated, string reason)
    {
        var priority = PriorityRules.For([Adult(), Child(3)], new ShelterFacts(type, heated), Today);

        Assert.Equal(reason, priority.Reasons[0]);
        Assert.Equal("child under 5", priority.Reasons[1]);
    }

    [Fact]
    public void Each_criterion_in_the_domain_order_weighs_less_than_the_one_before()
    {
        Priority For(ShelterFacts shelter, params PriorityMember[] members) => PriorityRules.For(members, shelter, Today);

        var tent = For(new ShelterFacts("tentSite", true), Adult()).Score;
        var unheated = For(new ShelterFacts("school", false), Adult()).Score;
        var childUnder5 = For(HeatedSchool, Adult(), Child(4)).Score;
        var femaleHeaded = For(HeatedSchool, Adult("female")).Score;
        var older = For(HeatedSchool, Adult(head: true), new PriorityMember("male", Today.AddYears(-70), false, [])).Score;
        var disability = For(HeatedSchool, Adult("male", true, "WG-WALKING")).Score;
        var none = For(HeatedSchool, Adult()).Score;

        Assert.True(tent > unheated && unheated > childUnder5 && childUnder5 > femaleHeaded && femaleHeaded > older && older > disability && disability > none,
            $"{tent} {unheated} {childUnder5} {femaleHeaded} {older} {disability} {none}");
        Assert.Equal(0, none);
    }

    [Fact]
    public void Reasons_add_up_and_are_ordered_weightiest_first()
    {
        var priority = PriorityRules.For([Adult("female"), Child(1), new PriorityMember("female", Today.AddYears(-68), false, ["WG-SEEING"])],
            new ShelterFacts("mosque", false), Today);

        Assert.Equal(["unheated shelter", "child under 2", "female-headed household", "older person", "disability or serious medical condition"], priority.Reasons);
        Assert.Equal(40 + 35 + 25 + 20 + 15, priority.Score);
        Assert.Empty(priority.UrgentReferrals);
    }

    [Theory]
    [InlineData("UAC", "unaccompanied or separated child")]
    [InlineData("SEP", "unaccompanied or separated child")]
    [InlineData("CHH", "child-headed household")]
    public void Unaccompanied_separated_and_child_headed_are_urgent_referrals(string code, string referral)
    {
        var priority = PriorityRules.For([new PriorityMember("male", Today.AddYears(-15), true, [code])], HeatedSchool, Today);

        Assert.Contains(referral, priority.UrgentReferrals);
    }

    [Fact]
    public void A_head_under_18_makes_a_child_headed_household_even_without_the_code()
    {
        var priority = PriorityRules.For([new PriorityMember("female", Today.AddYears(-16), true, []), Child(8)], HeatedSchool, Today);

        Assert.Equal(["child-headed household"], priority.UrgentReferrals);
        Assert.Contains("child-headed household", priority.Reasons);
        Assert.DoesNotContain("female-headed household", priority.Reasons);
    }
}
