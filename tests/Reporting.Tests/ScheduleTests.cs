using IdpTracker.Reporting.Model;

namespace IdpTracker.Reporting.Tests;

public class ScheduleTests
{
    [Fact]
    public void A_daily_08_00_in_a_zone_with_summer_time_moves_an_hour_in_utc_across_the_change()
    {
        // Central Europe moves its clocks forward on 28 March 2027.
        var occurrences = Schedule.Occurrences("0 8 * * *", "Europe/Berlin",
            new DateTimeOffset(2027, 3, 26, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 30, 0, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal([7, 7, 6, 6], occurrences.Select(o => o.Hour));
        Assert.Equal([26, 27, 28, 29], occurrences.Select(o => o.Day));
    }

    [Fact]
    public void Damascus_keeps_utc_plus_3_all_year()
    {
        var occurrences = Schedule.Occurrences("0 8 * * 1", "Asia/Damascus",
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal([4, 11, 18, 25], occurrences.Select(o => o.Day));
        Assert.All(occurrences, o => Assert.Equal(5, o.Hour));
    }

    [Fact]
    public void The_start_is_excluded_and_the_end_included_so_consecutive_windows_never_share_an_occurrence()
    {
        var at = new DateTimeOffset(2027, 1, 10, 5, 0, 0, TimeSpan.Zero); // 08:00 in Damascus

        Assert.Empty(Schedule.Occurrences("0 8 * * *", "Asia/Damascus", at, at.AddHours(1)));
        Assert.Equal([at], Schedule.Occurrences("0 8 * * *", "Asia/Damascus", at.AddHours(-1), at));
    }
}
