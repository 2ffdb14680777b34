using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>docs/domain.md, "Priority (highest first)": tents, makeshift, unfinished or unheated shelter; children under 5;
/// female- or child-headed; older people; disability or serious medical condition.</summary>
public class PriorityRulesTests
{
    private static readonly DateOnly Today = new(2027, 1, 15);

    private static PriorityMember Adult(string sex = "male", bool head = true, params string[] needs) => new(sex, Today.AddYears(-35), head, needs);

    private static PriorityMember Child(int years, params string[] needs) => new("female", Today.AddYears(-years).AddDays(-10), false, needs);

    private static readonly ShelterFacts HeatedSchool = new("school", true);

    private static readonly AlertFacts MinusNine = new(Guid.NewGuid(), "SY08", -9m, new DateTimeOffset(2027, 1, 18, 0, 0, 0, TimeSpan.Zero));

    private static List<string> Texts(IEnumerable<Finding> findings) => findings.Select(f => f.Text).ToList();

    [Theory]
    [InlineData("tentSite", true, "tent, makeshift or unfinished shelter")]
    [InlineData("unfinishedBuilding", true, "tent, makeshift or unfinished shelter")]
    [InlineData("mosque", false, "unheated shelter")]
    public void Exposed_or_unheated_shelter_comes_first(string type, bool heated, string reason)
    {
        var priority = PriorityRules.For([Adult(), Child(3)], new ShelterFacts(type, heated), Today, RuleSet.Default);

        Assert.Equal(reason, priority.Reasons[0].Text);
        Assert.Equal("child under 5", priority.Reasons[1].Text);
    }

    [Fact]
    public void Each_criterion_in_the_domain_order_weighs_less_than_the_one_before()
    {
        Priority For(ShelterFacts shelter, params PriorityMember[] members) => PriorityRules.For(members, shelter, Today, RuleSet.Default);

        var tent = For(new ShelterFacts("tentSite", true), Adult()).Score;
        var unheated = For(new ShelterFacts("school", false), Adult()).Score;
        var childUnder5 = For(HeatedSchool, Adult(), Child(4)).Score;
        var femaleHeaded = For(HeatedSchool, Adult("female")).Score;
        var older = For(HeatedSchool, Adult(head: true), new PriorityMember("male", Today.AddYears(-70), false, [])).Score;
        var disability = For(HeatedSchool, Adult("male", true, "WG-WALKING")).Score;
        var newlyDisplaced = PriorityRules.For([Adult()], HeatedSchool, Today, RuleSet.Default, displacedOn: Today.AddDays(-10)).Score;
        var none = For(HeatedSchool, Adult()).Score;

        Assert.True(tent > unheated && unheated > childUnder5 && childUnder5 > femaleHeaded && femaleHeaded > older && older > disability
                    && disability > newlyDisplaced && newlyDisplaced > none,
            $"{tent} {unheated} {childUnder5} {femaleHeaded} {older} {disability} {newlyDisplaced} {none}");
        Assert.Equal(0, none);
    }

    [Fact]
    public void Reasons_add_up_and_are_ordered_weightiest_first()
    {
        var priority = PriorityRules.For([Adult("female"), Child(1), new PriorityMember("female", Today.AddYears(-68), false, ["WG-SEEING"])],
            new ShelterFacts("mosque", false), Today, RuleSet.Default);

        Assert.Equal(["unheated shelter", "child under 2", "female-headed household", "older person", "disability or serious medical condition"], Texts(priority.Reasons));
        Assert.Equal(40 + 35 + 25 + 20 + 15, priority.Score);
        Assert.Empty(priority.UrgentReferrals);
    }

    [Theory]
    [InlineData("UAC", "unaccompanied or separated child")]
    [InlineData("SEP", "unaccompanied or separated child")]
    [InlineData("CHH", "child-headed household")]
    public void Unaccompanied_separated_and_child_headed_are_urgent_referrals(string code, string referral)
    {
        var priority = PriorityRules.For([new PriorityMember("male", Today.AddYears(-15), true, [code])], HeatedSchool, Today, RuleSet.Default);

        Assert.Contains(referral, Texts(priority.UrgentReferrals));
    }

    [Fact]
    public void A_head_under_18_makes_a_child_headed_household_even_without_the_code()
    {
        var priority = PriorityRules.For([new PriorityMember("female", Today.AddYears(-16), true, []), Child(8)], HeatedSchool, Today, RuleSet.Default);

        Assert.Equal(["child-headed household"], Texts(priority.UrgentReferrals));
        Assert.Contains("child-headed household", Texts(priority.Reasons));
        Assert.DoesNotContain("female-headed household", Texts(priority.Reasons));
    }

    [Theory]
    [InlineData("tentSite", true, true)]
    [InlineData("mosque", false, true)]
    [InlineData("school", true, false)]
    public void A_cold_alert_raises_households_in_exposed_or_unheated_shelter_only(string type, bool heated, bool raised)
    {
        var shelter = new ShelterFacts(type, heated);
        var without = PriorityRules.For([Adult()], shelter, Today, RuleSet.Default);
        var with = PriorityRules.For([Adult()], shelter, Today, RuleSet.Default, [MinusNine]);

        Assert.Equal(raised ? without.Score + RuleSet.Default.Priority.ColdAlert : without.Score, with.Score);
        Assert.Equal(raised, Texts(with.Reasons).Contains("cold alert -9 C"));
    }

    [Fact]
    public void Two_alerts_for_one_area_count_once_with_the_coldest_forecast()
    {
        var milder = MinusNine with { AlertId = Guid.NewGuid(), MinimumTemperatureC = -3m };

        var priority = PriorityRules.For([Adult()], new ShelterFacts("tentSite", true), Today, RuleSet.Default, [milder, MinusNine]);

        Assert.Equal(RuleSet.Default.Priority.ExposedShelter + RuleSet.Default.Priority.ColdAlert, priority.Score);
        Assert.Equal("cold alert -9 C", Assert.Single(priority.Reasons, r => r.Rule == "priority.coldAlert").Text);
    }

    [Fact]
    public void Every_reason_names_its_rule_its_rule_set_version_and_the_facts_that_triggered_it()
    {
        var rules = RuleSet.Default with { Version = "v7" };

        var priority = PriorityRules.For([Adult(), Child(1)], new ShelterFacts("mosque", false), Today, rules, [MinusNine]);

        var unheated = priority.Reasons.Single(r => r.Rule == "priority.unheatedShelter");
        Assert.Equal("v7", unheated.RuleSetVersion);
        Assert.Equal("mosque", unheated.Inputs["centerType"]);
        var cold = priority.Reasons.Single(r => r.Rule == "priority.coldAlert");
        Assert.Equal("-9", cold.Inputs["minimumTemperatureC"]);
        Assert.Equal(MinusNine.AlertId.ToString(), cold.Inputs["alertId"]);
        Assert.Equal("1", priority.Reasons.Single(r => r.Rule == "priority.childUnder2").Inputs["childrenUnder2"]);
    }

    [Fact]
    public void Weights_come_from_the_rule_set()
    {
        var rules = RuleSet.Default with { Priority = RuleSet.Default.Priority with { UnheatedShelter = 5, ExposedShelterTypes = ["tentSite", "mosque"] } };

        Assert.Equal(5, PriorityRules.For([Adult()], new ShelterFacts("school", false), Today, rules).Score);
        Assert.Equal(rules.Priority.ExposedShelter, PriorityRules.For([Adult()], new ShelterFacts("mosque", true), Today, rules).Score);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    [InlineData(400, false)]
    public void Displaced_within_30_days_counts_as_newly_displaced(int daysAgo, bool newly)
    {
        var priority = PriorityRules.For([Adult()], HeatedSchool, Today, RuleSet.Default, displacedOn: Today.AddDays(-daysAgo));

        Assert.Equal(newly, Texts(priority.Reasons).Contains("newly displaced"));
    }

    [Theory]
    [InlineData(2, 0, true)]
    [InlineData(null, 1, true)]
    [InlineData(0, 0, false)]
    [InlineData(null, 0, false)]
    public void A_family_displaced_before_by_its_own_account_or_by_an_earlier_registration_is_repeatedly_displaced(int? reported, int earlierRegistrations, bool raised)
    {
        var priority = PriorityRules.For([Adult()], HeatedSchool, Today, RuleSet.Default, history: new DisplacementHistory(reported, earlierRegistrations));

        var finding = priority.Reasons.SingleOrDefault(r => r.Rule == "priority.repeatedlyDisplaced");
        Assert.Equal(raised, finding is not null);
        if (finding is not null)
        {
            Assert.Equal(RuleSet.Default.Priority.RepeatedlyDisplaced, finding.Weight);
            Assert.Equal(((reported ?? 0).ToString(), earlierRegistrations.ToString()), (finding.Inputs["reportedEarlierDisplacements"], finding.Inputs["earlierRegistrations"]));
        }
    }

    [Theory]
    [InlineData(45, 1)]
    [InlineData(30, 1)]
    [InlineData(3, 0)]
    public void Two_registrations_of_one_family_are_two_displacements_only_when_they_arrived_a_month_or_more_apart(int daysApart, int found)
    {
        var kept = new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(found, Displacements.EarlierRegistrationsFound(kept.AddDays(-daysApart), kept, RuleSet.Default));
        Assert.Equal(found, Displacements.EarlierRegistrationsFound(kept.AddDays(daysApart), kept, RuleSet.Default));
        Assert.Equal(0, Displacements.EarlierRegistrationsFound(null, kept, RuleSet.Default));
    }
}
