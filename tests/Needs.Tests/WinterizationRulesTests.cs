using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>Rows from docs/domain.md "Winterization rules (defaults)".</summary>
public class WinterizationRulesTests
{
    private static readonly DateOnly January = new(2027, 1, 20);

    private static Person Aged(int years, string sex = "female") => new(sex, January.AddYears(-years).AddDays(-10));
    private static Person Months(int months) => new("male", January.AddMonths(-months));

    [Fact]
    public void Three_people_with_a_child_under_2_in_winter_need_4_blankets_and_3_mattresses()
    {
        var needs = WinterizationRules.For([Aged(30), Aged(32, "male"), Months(10)], RuleSet.Default, January);

        Assert.Equal(4, needs.Blankets);
        Assert.Equal(3, needs.Mattresses);
        Assert.Equal(1, needs.ChildrenUnder2);
    }

    [Theory]
    // adults, children under 2, older people (60+), expected blankets
    [InlineData(1, 0, 0, 1)]
    [InlineData(2, 1, 0, 4)]
    [InlineData(2, 0, 1, 4)]
    [InlineData(2, 2, 2, 10)]
    [InlineData(5, 0, 0, 5)]
    public void One_blanket_per_person_plus_one_per_child_under_2_and_per_older_person(int adults, int under2, int older, int blankets)
    {
        var members = Enumerable.Range(0, adults).Select(_ => Aged(30))
            .Concat(Enumerable.Range(0, under2).Select(_ => Months(6)))
            .Concat(Enumerable.Range(0, older).Select(_ => Aged(70)))
            .ToList();

        var needs = WinterizationRules.For(members, RuleSet.Default, January);

        Assert.Equal(blankets, needs.Blankets);
        Assert.Equal(members.Count, needs.Mattresses);
        Assert.Equal(members.Count * 2, needs.ClothingSets);
    }

    [Fact]
    public void A_household_gets_one_heater_and_100_litres_of_kerosene_a_month_for_4_months()
    {
        var needs = WinterizationRules.For([Aged(40), Aged(12)], RuleSet.Default, January);

        Assert.Equal(1, needs.Heaters);
        Assert.Equal(100, needs.FuelLitresPerMonth);
        Assert.Equal(400, needs.FuelLitres);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(12, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(8, false)]
    public void Winter_items_are_due_from_September_to_March(int month, bool due)
    {
        var date = new DateOnly(2027, month, 15);
        var needs = WinterizationRules.For([new Person("female", date.AddYears(-30))], RuleSet.Default, date);

        Assert.Equal(due, needs.InSeason);
        Assert.Equal(due ? 1 : 0, needs.Blankets);
    }

    [Fact]
    public void A_child_turns_2_on_the_second_birthday_and_needs_no_extra_blanket_from_then()
    {
        var child = new Person("female", January.AddYears(-2));

        Assert.Equal(1, WinterizationRules.For([child], RuleSet.Default, January).Blankets);
        Assert.Equal(2, WinterizationRules.For([child], RuleSet.Default, January.AddDays(-1)).Blankets);
    }

    [Fact]
    public void A_coordinator_rule_set_changes_the_numbers()
    {
        var generous = RuleSet.Default with { Version = "winter-2027-b", BlanketsPerPerson = 2 };

        var needs = WinterizationRules.For([Aged(30), Aged(30)], generous, January);

        Assert.Equal(4, needs.Blankets);
        Assert.Equal("winter-2027-b", needs.RuleSetVersion);
    }

    [Fact]
    public void An_area_with_a_season_of_its_own_is_counted_by_its_months_and_the_most_precise_area_wins()
    {
        var october = new DateOnly(2027, 10, 10);
        var rules = RuleSet.Default with
        {
            SeasonStartMonth = 11, SeasonEndMonth = 2, FuelMonths = 4,
            AreaSeasons = [new AreaSeason("SY08", 10, 3), new AreaSeason("SY0801", 12, 3)],
        };

        Assert.Equal(0, WinterizationRules.For([Aged(30)], rules, october).Blankets);
        Assert.Equal(1, WinterizationRules.For([Aged(30)], rules, october, "SY08", "SY0800").Blankets);
        Assert.Equal(0, WinterizationRules.For([Aged(30)], rules, october, "SY08", "SY0801").Blankets);
        Assert.Equal("SY0801", WinterizationRules.For([Aged(30)], rules, october, "SY08", "SY0801").Reasons.Single().Inputs["seasonArea"]);
    }

    [Fact]
    public void Each_reason_names_its_rule_and_rule_set_version()
    {
        var needs = WinterizationRules.For([Aged(30), Months(10), Aged(70)], RuleSet.Default with { Version = "v4" }, January);

        Assert.Equal(["winter.perPerson", "winter.childUnder2", "winter.olderPerson", "winter.heating"], needs.Reasons.Select(r => r.Rule));
        Assert.All(needs.Reasons, r => Assert.Equal("v4", r.RuleSetVersion));
        Assert.Equal("3", needs.Reasons[0].Inputs["people"]);
    }
}
