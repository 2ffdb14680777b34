using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>docs/domain.md "Needs, response, gaps": the people tallies the summary adds up.</summary>
public class PeopleTallyTests
{
    private static readonly DateOnly Today = new(2027, 1, 20);

    private static HouseholdNeeds Family(params DateOnly[] birthDates) => new()
    {
        HouseholdId = Guid.NewGuid(), CenterId = Guid.NewGuid(), SourceVersion = 1, Blankets = 2, Mattresses = 1, Heaters = 1,
        Members = birthDates.Select((d, i) => new AssessedMember { MemberId = Guid.NewGuid(), Sex = i % 2 == 0 ? "female" : "male", DateOfBirth = d }).ToList(),
    };

    [Fact]
    public void A_tally_holds_until_the_day_before_the_first_member_changes_bracket()
    {
        // 4 years old until 2027-03-01, when he turns 5; the adult stays 18-59 for decades.
        var family = Family(new DateOnly(1990, 6, 1), new DateOnly(2022, 3, 1));

        var tallies = PeopleTally.For(family, _ => 0, Today);

        Assert.All(tallies, t => Assert.Equal(new DateOnly(2027, 2, 28), t.CountsUntil));
        Assert.Equal("5-11", PeopleTally.For(family, _ => 0, new DateOnly(2027, 3, 1)).Single(t => t.Sex == "male").AgeBracket);
    }

    [Fact]
    public void People_of_one_sex_and_bracket_share_a_row()
    {
        var family = Family(new DateOnly(1990, 6, 1), new DateOnly(1991, 6, 1), new DateOnly(1992, 6, 1));

        var tallies = PeopleTally.For(family, _ => 0, Today);

        Assert.Equal([("female", 2), ("male", 1)], tallies.Select(t => (t.Sex, t.People)).Order().ToList());
        Assert.Equal(1, tallies.Sum(t => t.Households));
    }

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, false, 0)]
    [InlineData(false, true, 0)]
    public void A_household_that_departed_or_was_merged_counts_no_one(bool departed, bool merged, int rows)
    {
        var family = Family(new DateOnly(1990, 6, 1));
        family.Present = !departed;
        family.Merged = merged;

        Assert.Equal(rows, PeopleTally.For(family, _ => 0, Today).Count);
    }

    [Theory]
    [InlineData(0, 0, 0, Standing.InNeed)]
    [InlineData(1, 0, 0, Standing.PartlyReached)]
    [InlineData(2, 1, 0, Standing.Reached)]
    [InlineData(5, 5, 0, Standing.Reached)]
    public void A_sector_is_reached_when_every_item_needed_was_received(int blankets, int mattresses, int clothing, Standing expected)
    {
        var family = Family(new DateOnly(1990, 6, 1));
        var delivered = new Dictionary<Item, int> { [Item.Blanket] = blankets, [Item.Mattress] = mattresses, [Item.ClothingSet] = clothing };

        Assert.Equal(expected, PeopleTally.StandingIn(family, NeedsSummary.Winterization, i => delivered.GetValueOrDefault(i)));
    }

    [Fact]
    public void A_household_needing_nothing_of_a_sector_is_not_in_need_of_it()
    {
        var family = Family(new DateOnly(1990, 6, 1));
        family.Heaters = 0;

        Assert.Equal(Standing.NotInNeed, PeopleTally.StandingIn(family, NeedsSummary.Heating, _ => 3));
    }
    [Fact]
    public void A_change_to_a_household_moves_its_people_between_totals_and_leaves_the_others_alone()
    {
        var family = Family(new DateOnly(1990, 6, 1), new DateOnly(1991, 6, 1), new DateOnly(1992, 6, 1));
        var before = PeopleTally.For(family, _ => 0, Today);
        var after = PeopleTally.For(family, item => item == Item.Blanket ? 2 : 0, Today);

        var change = PeopleTallyTotal.Change(before, after);

        Assert.Equal(
            [("female", Standing.InNeed, -1, -2), ("female", Standing.PartlyReached, 1, 2), ("male", Standing.InNeed, 0, -1), ("male", Standing.PartlyReached, 0, 1)],
            change.Select(t => (t.Sex, t.Winterization, t.Households, t.People)).Order().ToList());
        Assert.Empty(PeopleTallyTotal.Change(before, PeopleTally.For(family, _ => 0, Today)));
    }

    [Fact]
    public void A_household_that_leaves_takes_its_people_out_of_the_totals()
    {
        var family = Family(new DateOnly(1990, 6, 1), new DateOnly(2022, 3, 1));
        var before = PeopleTally.For(family, _ => 0, Today);
        family.Present = false;

        var change = PeopleTallyTotal.Change(before, PeopleTally.For(family, _ => 0, Today));

        Assert.Equal((-1, -2), (change.Sum(t => t.Households), change.Sum(t => t.People)));
    }
}
