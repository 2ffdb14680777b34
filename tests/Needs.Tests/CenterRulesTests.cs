using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>Rows from docs/domain.md "Shelter rules (defaults, Sphere / UNHCR)", WASH included.</summary>
public class CenterRulesTests
{
    private static readonly DateOnly Winter = new(2027, 1, 20);
    private static readonly DateOnly Summer = new(2027, 7, 1);

    /// <summary>A centre with ample toilets (3 female to 1 male), so only the rule under test can raise its status.</summary>
    private static CenterConditions Centre(decimal floorAreaM2, int nightCapacity, int people, int? dayCapacity = null, int toiletsFemale = 30, int toiletsMale = 10) =>
        new(floorAreaM2, nightCapacity, dayCapacity, toiletsFemale, toiletsMale, people);

    [Fact]
    public void A_100_m2_centre_with_30_people_in_a_cold_climate_is_over_the_4_5_m2_rule()
    {
        var centre = CenterRules.Evaluate(Centre(100m, nightCapacity: 60, people: 30), RuleSet.Default, Winter);

        Assert.Equal(4.5m, centre.RequiredM2PerPerson);
        Assert.Equal(3.33m, centre.SpacePerPersonM2);
        Assert.False(centre.MeetsSpaceStandard);
        Assert.Equal(CenterStatus.Critical, centre.Status);
        var reason = Assert.Single(centre.Reasons);
        Assert.Equal("centre.space", reason.Rule);
        Assert.Equal("100", reason.Inputs["floorAreaM2"]);
        Assert.Equal("30", reason.Inputs["people"]);
    }

    [Theory]
    // floor area, people, season, meets the standard
    [InlineData(100, 22, "winter", true)]   // 4.55 m² ≥ 4.5
    [InlineData(100, 23, "winter", false)]  // 4.35 m² < 4.5
    [InlineData(100, 28, "summer", true)]   // 3.57 m² ≥ 3.5
    [InlineData(100, 29, "summer", false)]  // 3.45 m² < 3.5
    public void Space_per_person_is_measured_against_3_5_m2_or_4_5_m2_in_cold_weather(int area, int people, string season, bool meets)
    {
        var centre = CenterRules.Evaluate(Centre(area, nightCapacity: 1000, people), RuleSet.Default, season == "winter" ? Winter : Summer);

        Assert.Equal(meets, centre.MeetsSpaceStandard);
    }

    [Theory]
    [InlineData(89, CenterStatus.Ok)]
    [InlineData(90, CenterStatus.Warning)]
    [InlineData(99, CenterStatus.Warning)]
    [InlineData(100, CenterStatus.Critical)]
    [InlineData(130, CenterStatus.Critical)]
    public void Night_occupancy_warns_at_90_percent_and_is_critical_at_100(int people, CenterStatus status)
    {
        var centre = CenterRules.Evaluate(Centre(10_000m, nightCapacity: 100, people), RuleSet.Default, Winter);

        Assert.Equal(status, centre.Status);
        Assert.Equal(people, centre.NightOccupancyPercent);
    }

    [Theory]
    [InlineData(44, CenterStatus.Ok)]
    [InlineData(45, CenterStatus.Warning)]
    [InlineData(50, CenterStatus.Critical)]
    public void Day_occupancy_is_weighed_separately_against_the_day_capacity(int people, CenterStatus status)
    {
        var centre = CenterRules.Evaluate(Centre(10_000m, nightCapacity: 1000, people, dayCapacity: 50), RuleSet.Default, Winter);

        Assert.Equal(status, centre.Status);
        Assert.Equal((int)Math.Round(100m * people / 50), centre.DayOccupancyPercent);
    }

    [Theory]
    // people, female toilets, male toilets, status: at most 50 per toilet in the first days, 20 as soon as possible
    [InlineData(80, 3, 1, CenterStatus.Ok)]        // 20 per toilet
    [InlineData(84, 3, 1, CenterStatus.Warning)]   // 21 per toilet
    [InlineData(200, 3, 1, CenterStatus.Warning)]  // 50 per toilet
    [InlineData(204, 3, 1, CenterStatus.Critical)] // 51 per toilet
    [InlineData(10, 0, 0, CenterStatus.Critical)]  // none at all
    public void People_per_toilet_are_held_to_50_in_the_first_days_and_20_after(int people, int female, int male, CenterStatus status)
    {
        var centre = CenterRules.Evaluate(Centre(10_000m, 1000, people, toiletsFemale: female, toiletsMale: male), RuleSet.Default, Winter);

        Assert.Equal(status, centre.Status);
    }

    [Fact]
    public void Fewer_than_3_female_toilets_to_each_male_one_is_a_warning()
    {
        var centre = CenterRules.Evaluate(Centre(10_000m, 1000, 20, toiletsFemale: 2, toiletsMale: 1), RuleSet.Default, Winter);

        Assert.Equal(CenterStatus.Warning, centre.Status);
        Assert.Equal("centre.toiletRatio", Assert.Single(centre.Reasons).Rule);
    }

    [Fact]
    public void Water_needed_is_15_litres_per_person_per_day()
    {
        var centre = CenterRules.Evaluate(Centre(10_000m, 1000, 37), RuleSet.Default, Winter);

        Assert.Equal(37 * 15, centre.WaterLitresPerDay);
    }

    [Fact]
    public void An_empty_centre_is_ok_and_has_no_space_per_person()
    {
        var centre = CenterRules.Evaluate(Centre(100m, 50, 0, toiletsFemale: 0, toiletsMale: 0), RuleSet.Default, Winter);

        Assert.Null(centre.SpacePerPersonM2);
        Assert.Equal(CenterStatus.Ok, centre.Status);
        Assert.Empty(centre.Reasons);
    }

    [Fact]
    public void Night_and_day_occupancy_each_count_the_people_there_at_that_time()
    {
        // 40 people: 30 sleep here (10 of them out by day), 10 more come only by day.
        var conditions = Centre(1000m, nightCapacity: 30, people: 40, dayCapacity: 40) with { PeopleAtNight = 30, PeopleByDay = 30 };

        var centre = CenterRules.Evaluate(conditions, RuleSet.Default, Winter);

        Assert.Equal((100, 75), (centre.NightOccupancyPercent!.Value, centre.DayOccupancyPercent!.Value));
        Assert.Equal(["centre.nightOccupancy"], centre.Reasons.Select(r => r.Rule).Where(r => r.EndsWith("Occupancy", StringComparison.Ordinal)));
    }
}
