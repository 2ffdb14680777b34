using System.Text.Json.Nodes;
using IdpTracker.Needs.Apis;
using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>Publishing rules: the changes over the rules in force, checked before anything is stored.</summary>
public class RuleSetTests
{
    private static (RuleSet? Rules, Dictionary<string, string[]> Errors) Publish(string changes)
    {
        var (rules, errors) = RuleSetsApi.Merge(RuleSet.Default, JsonNode.Parse(changes)!.AsObject());
        return rules is null ? (null, errors) : (rules, RuleSetValidation.Errors(rules));
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(RuleSetValidation.Errors(RuleSet.Default));

    [Fact]
    public void Only_the_numbers_sent_change_and_the_rest_are_kept()
    {
        var (rules, errors) = Publish("""{ "seasonStartMonth": 10, "priority": { "coldAlert": 45 } }""");

        Assert.Empty(errors);
        Assert.Equal(10, rules!.SeasonStartMonth);
        Assert.Equal(45, rules.Priority.ColdAlert);
        Assert.Equal(RuleSet.Default.SeasonEndMonth, rules.SeasonEndMonth);
        Assert.Equal(RuleSet.Default.Priority.UnheatedShelter, rules.Priority.UnheatedShelter);
        Assert.Equal(RuleSet.Default.Priority.ExposedShelterTypes, rules.Priority.ExposedShelterTypes);
    }

    [Theory]
    [InlineData("""{ "seasonStartMonth": 13 }""", "rules.seasonStartMonth")]
    [InlineData("""{ "minSpacePerPersonM2": 0 }""", "rules.minSpacePerPersonM2")]
    [InlineData("""{ "coldClimateMinSpacePerPersonM2": 3 }""", "rules.coldClimateMinSpacePerPersonM2")]
    [InlineData("""{ "capacityWarningPercent": 120 }""", "rules.capacityWarningPercent")]
    [InlineData("""{ "maxPeoplePerToiletFirstDays": 10 }""", "rules.maxPeoplePerToiletFirstDays")]
    [InlineData("""{ "blanketsPerPerson": -1 }""", "rules.blanketsPerPerson")]
    [InlineData("""{ "priority": { "unheatedShelter": -5 } }""", "rules.priority.unheatedShelter")]
    [InlineData("""{ "priority": { "exposedShelterTypes": ["tent"] } }""", "rules.priority.exposedShelterTypes")]
    [InlineData("""{ "blanketsPerChild": 2 }""", "rules.blanketsPerChild")]
    [InlineData("""{ "priority": { "snow": 2 } }""", "rules.priority.snow")]
    [InlineData("""{ "seasonStartMonth": "october" }""", "rules.seasonStartMonth")]
    [InlineData("""{ "priority": null }""", "rules.priority")]
    [InlineData("""{ "areaSeasons": [ null ] }""", "rules.areaSeasons")]
    [InlineData("""{ "areaSeasons": [ { "area": "Hasakah", "startMonth": 10, "endMonth": 3 } ] }""", "rules.areaSeasons[0].area")]
    [InlineData("""{ "areaSeasons": [ { "area": "SY08", "startMonth": 10, "endMonth": 13 } ] }""", "rules.areaSeasons[0].endMonth")]
    [InlineData("""{ "areaSeasons": [ { "area": "SY08", "startMonth": 10, "endMonth": 3 }, { "area": "SY08", "startMonth": 11, "endMonth": 3 } ] }""", "rules.areaSeasons[1].area")]
    [InlineData("""{ "areaSeasons": [ { "area": "SY08", "startMonth": 12, "endMonth": 1 } ] }""", "rules.fuelMonths")]
    public void A_value_out_of_range_unknown_or_of_the_wrong_type_is_refused_naming_its_field(string changes, string field)
    {
        var (rules, errors) = Publish(changes);

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void A_target_above_the_highest_score_a_household_can_reach_is_refused()
    {
        var highest = RuleSetValidation.HighestScore(RuleSet.Default.Priority);

        Assert.Empty(Publish($$"""{ "targetMinPriority": {{highest}} }""").Errors);
        Assert.Contains("rules.targetMinPriority", Publish($$"""{ "targetMinPriority": {{highest + 1}} }""").Errors.Keys);
    }

    [Fact]
    public void Fuel_for_more_months_than_the_season_has_is_refused()
    {
        // A season of November to January has three months.
        Assert.Empty(Publish("""{ "seasonStartMonth": 11, "seasonEndMonth": 1, "fuelMonths": 3 }""").Errors);
        Assert.Contains("rules.fuelMonths", Publish("""{ "seasonStartMonth": 11, "seasonEndMonth": 1, "fuelMonths": 4 }""").Errors.Keys);
    }

    [Theory]
    [InlineData(9, 3, 1, true)]
    [InlineData(9, 3, 6, false)]
    [InlineData(1, 12, 7, true)]
    [InlineData(11, 2, 10, false)]
    [InlineData(11, 2, 2, true)]
    public void The_season_may_wrap_over_the_new_year(int start, int end, int month, bool inSeason) =>
        Assert.Equal(inSeason, (RuleSet.Default with { SeasonStartMonth = start, SeasonEndMonth = end }).InSeason(new DateOnly(2027, month, 1)));
}
