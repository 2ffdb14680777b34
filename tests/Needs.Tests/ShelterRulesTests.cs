using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>Rows from DOMAIN.md "Shelter rules (defaults, Sphere / UNHCR)".</summary>
public class ShelterRulesTests
{
    private static readonly DateOnly Winter = new(2027, 1, 20);
    private static readonly DateOnly Summer = new(2027, 7, 1);

    [Fact]
    public void A_100_m2_centre_with_30_people_in_a_cold_climate_is_over_the_4_5_m2_rule()
    {
        var space = ShelterRules.Evaluate(100m, nightCapacity: 60, people: 30, RuleSet.Default, Winter);

        Assert.Equal(4.5m, space.RequiredM2PerPerson);
        Assert.Equal(3.33m, space.SpacePerPersonM2);
        Assert.False(space.MeetsSpaceStandard);
        Assert.Equal(CenterStatus.Critical, space.Status);
    }

    [Theory]
    // floor area, people, season, meets the standard
    [InlineData(100, 22, "winter", true)]   // 4.55 m² ≥ 4.5
    [InlineData(100, 23, "winter", false)]  // 4.35 m² < 4.5
    [InlineData(100, 28, "summer", true)]   // 3.57 m² ≥ 3.5
    [InlineData(100, 29, "summer", false)]  // 3.45 m² < 3.5
    public void Space_per_person_is_measured_against_3_5_m2_or_4_5_m2_in_cold_weather(int area, int people, string season, bool meets)
    {
        var space = ShelterRules.Evaluate(area, nightCapacity: 1000, people, RuleSet.Default, season == "winter" ? Winter : Summer);

        Assert.Equal(meets, space.MeetsSpaceStandard);
    }

    [Theory]
    [InlineData(89, CenterStatus.Ok)]
    [InlineData(90, CenterStatus.Warning)]
    [InlineData(99, CenterStatus.Warning)]
    [InlineData(100, CenterStatus.Critical)]
    [InlineData(130, CenterStatus.Critical)]
    public void Night_occupancy_warns_at_90_percent_and_is_critical_at_100(int people, CenterStatus status)
    {
        var space = ShelterRules.Evaluate(floorAreaM2: 10_000m, nightCapacity: 100, people, RuleSet.Default, Winter);

        Assert.Equal(status, space.Status);
        Assert.Equal(people, space.NightOccupancyPercent);
    }

    [Fact]
    public void An_empty_centre_is_ok_and_has_no_space_per_person()
    {
        var space = ShelterRules.Evaluate(100m, 50, 0, RuleSet.Default, Winter);

        Assert.Null(space.SpacePerPersonM2);
        Assert.Equal(CenterStatus.Ok, space.Status);
    }
}
