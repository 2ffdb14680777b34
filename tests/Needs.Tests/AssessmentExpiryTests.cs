using System.Text.Json;
using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>
/// docs/domain.md, "Assessed again": an assessment holds until the calendar changes what assessing the household again
/// would give, and the daily re-evaluation takes only the households past that day.
/// </summary>
public class AssessmentExpiryTests
{
    private static readonly DateOnly Today = new(2027, 1, 15);

    private static AssessedMember Member(string born, bool head = false) =>
        new() { MemberId = Guid.NewGuid(), Sex = "female", DateOfBirth = DateOnly.Parse(born), IsHead = head };

    [Theory]
    // The season (September to March) ends on 31 March: the default for an adult household in January.
    [InlineData("2027-01-15", "1990-03-01", null, "2027-03-31")]
    // A child turns 2 on 10 March: one blanket fewer, another priority reason from that day.
    [InlineData("2027-01-15", "2025-03-10", null, "2027-03-09")]
    // A person turns 60 on 20 February: an older person from that day.
    [InlineData("2027-01-15", "1967-02-20", null, "2027-02-19")]
    // A head of 15 turns 16 on 1 February: the child-headed finding names the head's age.
    [InlineData("2027-01-15", "2011-02-01", null, "2027-01-31")]
    // Displaced 3 days ago: the newly-displaced finding counts the days, so it changes tomorrow.
    [InlineData("2027-01-15", "1990-03-01", "2027-01-12", "2027-01-15")]
    // Displaced 45 days ago: past the 30-day window, nothing about it moves any more.
    [InlineData("2027-01-15", "1990-03-01", "2026-12-01", "2027-03-31")]
    // Displaced on a day still to come (as registered): newly displaced from that day.
    [InlineData("2027-01-15", "1990-03-01", "2027-01-20", "2027-01-19")]
    // Out of season the finding names the month; the season starts on 1 September.
    [InlineData("2027-07-15", "1990-03-01", null, "2027-07-31")]
    [InlineData("2027-08-10", "1990-03-01", null, "2027-08-31")]
    public void An_assessment_holds_until_the_first_day_the_calendar_changes_it(string asOf, string headBorn, string? displacedOn, string expected)
    {
        var last = AssessmentExpiry.LastDay([Member(headBorn, head: true)], displacedOn is null ? null : DateOnly.Parse(displacedOn), RuleSet.Default, DateOnly.Parse(asOf));

        Assert.Equal(DateOnly.Parse(expected), last);
    }

    [Fact]
    public void An_area_with_its_own_season_holds_until_that_season_ends()
    {
        var rules = RuleSet.Default with { AreaSeasons = [new AreaSeason("SY0802", 11, 2)] };

        Assert.Equal(new DateOnly(2027, 2, 28), AssessmentExpiry.LastDay([Member("1990-03-01", head: true)], null, rules, Today, "SY08", "SY0802"));
        Assert.Equal(new DateOnly(2027, 3, 31), AssessmentExpiry.LastDay([Member("1990-03-01", head: true)], null, rules, Today, "SY08", "SY0803"));
    }

    [Fact]
    public void A_season_all_year_round_never_runs_out_for_people_past_every_age_that_counts()
    {
        var rules = RuleSet.Default with { SeasonStartMonth = 1, SeasonEndMonth = 12 };

        Assert.Equal(DateOnly.MaxValue, AssessmentExpiry.LastDay([Member("1950-03-01", head: true)], null, rules, Today));
        Assert.Equal(new DateOnly(2050, 2, 28), AssessmentExpiry.LastDay([Member("1990-03-01", head: true)], null, rules, Today));
    }

    /// <summary>
    /// The promise the daily re-evaluation rests on, checked day by day: two thousand households of every shape (babies,
    /// children heading households, people near 60, families just displaced, in and out of season, an area with its own
    /// season), each assessed on a day and again on every day until its last: the same items, score, referrals and
    /// findings with their inputs.
    /// </summary>
    [Fact]
    public void Assessing_again_on_any_day_up_to_the_last_gives_the_same_assessment()
    {
        var random = new Random(20270115);
        var rules = RuleSet.Default with { AreaSeasons = [new AreaSeason("SY0802", 11, 2)] };
        CenterProfile[] shelters =
        [
            new() { Id = Guid.NewGuid(), Type = "tentSite", Adm1Code = "SY08", Adm2Code = "SY0802" },
            new() { Id = Guid.NewGuid(), Type = "school", Heated = true, Adm1Code = "SY08", Adm2Code = "SY0803" },
        ];
        var checkedDays = 0;
        for (var i = 0; i < 2000; i++)
        {
            var asOf = new DateOnly(2026, 1, 1).AddDays(random.Next(3 * 365));
            DateOnly Born(int maxYears) => asOf.AddDays(-random.Next(maxYears * 365 + 1));
            var household = new HouseholdNeeds
            {
                HouseholdId = Guid.NewGuid(), SourceVersion = 1,
                DisplacedOn = random.Next(3) == 0 ? null : asOf.AddDays(random.Next(-60, 10)),
                Members = Enumerable.Range(0, random.Next(1, 6)).Select(m => new AssessedMember
                {
                    MemberId = Guid.NewGuid(), Sex = random.Next(2) == 0 ? "female" : "male", IsHead = m == 0,
                    // Heads from 12 years old, others from birth; a few near 60.
                    DateOfBirth = m == 0 ? asOf.AddYears(-12).AddDays(-random.Next(60 * 365)) : random.Next(5) == 0 ? asOf.AddYears(-59).AddDays(-random.Next(730)) : Born(20),
                }).ToList(),
            };
            var shelter = shelters[random.Next(shelters.Length)];

            var first = Assessed(household, shelter, rules, asOf);
            var last = household.HoldsUntil;
            Assert.True(last >= asOf);
            for (var day = asOf.AddDays(1); day <= last && day <= asOf.AddDays(400); day = day.AddDays(1))
            {
                Assert.True(first == Assessed(household, shelter, rules, day), $"household {i} assessed on {asOf}, held until {last}, differed on {day}");
                checkedDays++;
            }
        }
        Assert.True(checkedDays > 50_000, $"only {checkedDays} days checked");
    }

    private static string Assessed(HouseholdNeeds household, CenterProfile shelter, RuleSet rules, DateOnly day)
    {
        household.Reassess(shelter, rules, [], new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
        return JsonSerializer.Serialize(new
        {
            household.People, household.ChildrenUnder2, household.OlderPeople, household.Blankets, household.Mattresses, household.ClothingSets,
            household.Heaters, household.FuelLitres, household.FuelLitresPerMonth, household.Reasons, household.PriorityScore,
            household.PriorityReasons, household.UrgentReferrals,
        });
    }
}
