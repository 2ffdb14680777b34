namespace IdpTracker.Needs.Model;

/// <summary>The winter items Needs counts, in the units its rules give.</summary>
public enum Item { Blanket, Mattress, ClothingSet, Heater, FuelLitre }

/// <summary>
/// Items handed out to one household, or to a centre as a whole (a heater for a hall). The id is chosen by
/// the device, so a resend is recognised. More than needed is recorded as it happened, never refused.
/// </summary>
public sealed class Distribution
{
    public Guid Id { get; set; }
    public Item Item { get; set; }
    public int Quantity { get; set; }
    public Guid? HouseholdId { get; set; }
    /// <summary>The centre the items went to: the household's centre at the time, or the centre itself.</summary>
    public Guid CenterId { get; set; }
    public DateOnly DeliveredOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Who recorded it (a user id), for the coordinator checking a list.</summary>
    public string RecordedBy { get; set; } = "";
}

/// <summary>Needed against delivered for one item.</summary>
public sealed record ItemGap(Item Item, int Needed, int Delivered, int Gap, int OverDelivered)
{
    public static ItemGap Of(Item item, int needed, int delivered) =>
        new(item, needed, delivered, Math.Max(needed - delivered, 0), Math.Max(delivered - needed, 0));
}

public static class Gaps
{
    public static readonly Item[] Items = Enum.GetValues<Item>();

    public static int Needed(HouseholdNeeds h, Item item) => item switch
    {
        Item.Blanket => h.Blankets,
        Item.Mattress => h.Mattresses,
        Item.ClothingSet => h.ClothingSets,
        Item.Heater => h.Heaters,
        Item.FuelLitre => h.FuelLitres,
        _ => 0,
    };

    /// <summary>Per item: what the households need, against everything delivered to them or to their centres.</summary>
    public static List<ItemGap> For(IReadOnlyCollection<HouseholdNeeds> households, IReadOnlyCollection<Distribution> delivered) =>
        Items.Select(item => ItemGap.Of(item, households.Sum(h => Needed(h, item)), delivered.Where(d => d.Item == item).Sum(d => d.Quantity))).ToList();
}
