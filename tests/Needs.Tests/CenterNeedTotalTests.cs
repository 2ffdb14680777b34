using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>docs/domain.md "Needs, response, gaps": the centre totals the centres' list and the gaps read.</summary>
public class CenterNeedTotalTests
{
    private static readonly Guid School = Guid.NewGuid(), Mosque = Guid.NewGuid();

    private static HouseholdNeeds Family(Guid centre, string presence = Presences.DayAndNight) => new()
    {
        HouseholdId = Guid.NewGuid(), CenterId = centre, SourceVersion = 1, People = 5, Presence = presence,
        Blankets = 5, Mattresses = 3, ClothingSets = 5, Heaters = 1, FuelLitres = 500, FuelLitresPerMonth = 100,
    };

    private static int Given(Item item) => item == Item.Blanket ? 3 : 0;

    [Fact]
    public void A_family_moving_to_another_centre_takes_its_needs_and_what_it_received_there()
    {
        var change = CenterNeedTotal.Change([CenterNeedTotal.Of(Family(School), Given)], [CenterNeedTotal.Of(Family(Mosque), Given)]);

        Assert.Equal(new[] { (School, -1, -5, -5, -3), (Mosque, 1, 5, 5, 3) }.OrderBy(c => c.Item1),
            change.Select(c => (c.CenterId, c.Households, c.People, c.Needed(Item.Blanket), c.Delivered(Item.Blanket))));
    }

    [Fact]
    public void Items_handed_to_a_family_change_only_what_its_centre_received()
    {
        var family = Family(School);

        var change = CenterNeedTotal.Change([CenterNeedTotal.Of(family, _ => 0)], [CenterNeedTotal.Of(family, Given)]).Single();

        Assert.Equal((0, 0, 0, 3, 0), (change.Households, change.People, change.Needed(Item.Blanket), change.Delivered(Item.Blanket), change.Delivered(Item.Heater)));
    }

    [Theory]
    [InlineData(Presences.DayAndNight, 5, 5)]
    [InlineData(Presences.NightOnly, 5, 0)]
    [InlineData(Presences.DayOnly, 0, 5)]
    public void A_family_counts_against_night_and_day_capacity_as_it_is_there(string presence, int atNight, int byDay)
    {
        var total = CenterNeedTotal.Of(Family(School, presence), _ => 0)!;

        Assert.Equal((5, atNight, byDay), (total.People, total.PeopleAtNight, total.PeopleByDay));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_family_that_departed_or_was_merged_leaves_its_centre_and_adds_nothing(bool departed, bool merged)
    {
        var gone = Family(School);
        gone.Present = !departed;
        gone.Merged = merged;

        var change = CenterNeedTotal.Change([CenterNeedTotal.Of(Family(School), Given)], [CenterNeedTotal.Of(gone, Given)]).Single();

        Assert.Null(CenterNeedTotal.Of(gone, Given));
        Assert.Equal((-1, -5, -100, -3), (change.Households, change.People, change.FuelLitresPerMonth, change.BlanketsDelivered));
    }

    [Fact]
    public void An_unchanged_family_changes_no_total()
    {
        Assert.Empty(CenterNeedTotal.Change([CenterNeedTotal.Of(Family(School), Given)], [CenterNeedTotal.Of(Family(School), Given)]));
    }
}
