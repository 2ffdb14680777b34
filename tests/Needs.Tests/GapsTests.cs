using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

public class GapsTests
{
    private static HouseholdNeeds Family(int blankets, int heaters) => new() { HouseholdId = Guid.NewGuid(), Blankets = blankets, Heaters = heaters };

    private static Distribution Delivered(Item item, int quantity) => new() { Id = Guid.NewGuid(), Item = item, Quantity = quantity };

    [Theory]
    // needed, delivered -> gap, over-delivered
    [InlineData(4, 0, 4, 0)]
    [InlineData(4, 3, 1, 0)]
    [InlineData(4, 4, 0, 0)]
    [InlineData(4, 6, 0, 2)]
    [InlineData(0, 2, 0, 2)]
    public void The_gap_is_what_is_still_needed_and_more_than_needed_is_counted_apart(int needed, int delivered, int gap, int over)
    {
        var result = Gaps.For([Family(needed, 0)], delivered == 0 ? [] : [Delivered(Item.Blanket, delivered)]).Single(g => g.Item == Item.Blanket);

        Assert.Equal((needed, delivered, gap, over), (result.Needed, result.Delivered, result.Gap, result.OverDelivered));
    }

    [Fact]
    public void Needs_add_up_across_households_and_deliveries_across_distributions_item_by_item()
    {
        var gaps = Gaps.For([Family(4, 1), Family(5, 1)], [Delivered(Item.Blanket, 3), Delivered(Item.Blanket, 2), Delivered(Item.Heater, 2)]);

        Assert.Equal((9, 5, 4), (gaps.Single(g => g.Item == Item.Blanket).Needed, gaps.Single(g => g.Item == Item.Blanket).Delivered, gaps.Single(g => g.Item == Item.Blanket).Gap));
        Assert.Equal((2, 2, 0), (gaps.Single(g => g.Item == Item.Heater).Needed, gaps.Single(g => g.Item == Item.Heater).Delivered, gaps.Single(g => g.Item == Item.Heater).Gap));
        Assert.Equal(Enum.GetValues<Item>().Length, gaps.Count);
    }
}
