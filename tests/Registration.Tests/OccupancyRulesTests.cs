using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

public class OccupancyRulesTests
{
    private static readonly DateOnly Today = new(2027, 1, 25);

    private static Center Centre(int night, int? day = null, decimal area = 100) =>
        new() { Name = "Ghuwayran school", NightCapacity = night, DayCapacity = day, FloorAreaM2 = area };

    private static List<PresentPerson> People(int count) =>
        Enumerable.Range(0, count).Select(i => new PresentPerson(i % 2 == 0 ? Sex.Female : Sex.Male, Today.AddYears(-30))).ToList();

    [Theory]
    // people, night capacity, percent, level, warns
    [InlineData(8, 10, 80, "ok", false)]
    [InlineData(9, 10, 90, "near", true)]
    [InlineData(10, 10, 100, "full", true)]
    [InlineData(13, 10, 130, "over", true)]
    public void Night_occupancy_warns_at_90_and_100_percent_and_never_refuses(int people, int capacity, int percent, string level, bool warns)
    {
        var occupancy = OccupancyRules.Compute(Centre(capacity), 1, People(people), Today);

        Assert.Equal(percent, occupancy.Night.Percent);
        Assert.Equal(level, occupancy.Night.Level);
        Assert.Equal(people, occupancy.People);
        Assert.Equal(warns, occupancy.Warnings.Any(w => w.StartsWith("Night", StringComparison.Ordinal)));
    }

    [Fact]
    public void Day_capacity_is_judged_on_its_own()
    {
        var occupancy = OccupancyRules.Compute(Centre(night: 100, day: 20), 2, People(19), Today);

        Assert.Equal("ok", occupancy.Night.Level);
        Assert.Equal(95, occupancy.Day.Percent);
        Assert.Equal("near", occupancy.Day.Level);
        Assert.Single(occupancy.Warnings);
    }

    [Fact]
    public void An_unknown_day_capacity_gives_no_percentage()
    {
        var occupancy = OccupancyRules.Compute(Centre(night: 100), 1, People(5), Today);

        Assert.Null(occupancy.Day.Percent);
        Assert.Equal("unknown", occupancy.Day.Level);
    }

    [Fact]
    public void People_are_counted_by_sex_and_age_bracket_and_floor_area_per_person()
    {
        var people = new List<PresentPerson>
        {
            new(Sex.Female, Today.AddYears(-30)), new(Sex.Male, Today.AddYears(-33)),
            new(Sex.Female, Today.AddMonths(-8)), new(Sex.Unknown, Today.AddYears(-70)),
        };

        var occupancy = OccupancyRules.Compute(Centre(night: 10, area: 18), 1, people, Today);

        Assert.Equal(new SexAgeCount("18-59", 1, 1, 0), occupancy.BySexAndAge.Single(b => b.Bracket == "18-59"));
        Assert.Equal(new SexAgeCount("0-4", 1, 0, 0), occupancy.BySexAndAge.Single(b => b.Bracket == "0-4"));
        Assert.Equal(new SexAgeCount("60+", 0, 0, 1), occupancy.BySexAndAge.Single(b => b.Bracket == "60+"));
        Assert.Equal(4.5m, occupancy.SpacePerPersonM2);
    }

    [Fact]
    public void A_family_that_sleeps_here_but_is_out_by_day_counts_at_night_only_and_one_here_by_day_counts_by_day_only()
    {
        var people = new List<PresentPerson>
        {
            new(Sex.Female, Today.AddYears(-30)), new(Sex.Male, Today.AddYears(-32)),
            new(Sex.Male, Today.AddYears(-40), Presence.NightOnly), new(Sex.Male, Today.AddYears(-18), Presence.NightOnly),
            new(Sex.Female, Today.AddYears(-25), Presence.DayOnly),
        };

        var occupancy = OccupancyRules.Compute(Centre(night: 4, day: 10), 3, people, Today);

        Assert.Equal(5, occupancy.People);
        Assert.Equal((4, 100, "full"), (occupancy.Night.People, occupancy.Night.Percent!.Value, occupancy.Night.Level));
        Assert.Equal((3, 30, "ok"), (occupancy.Day.People, occupancy.Day.Percent!.Value, occupancy.Day.Level));
    }
}
