namespace IdpTracker.Needs.Model;

/// <summary>
/// What the households counted at one centre add up to: how many and how many people (by night and by day), what
/// they need of each winter item, and what they have received of it wherever it was handed out. The centres' list and
/// the gaps read these few rows instead of adding up every household of a centre on every read; they are kept as each
/// household changes, in the same transaction, by <see cref="Data.NeedsDbContext"/> (docs/domain.md, "Needs,
/// response, gaps"). Items handed to a centre as a whole are not here: they are few, and read from the distributions.
/// </summary>
public sealed class CenterNeedTotal
{
    public Guid CenterId { get; set; }
    public int Households { get; set; }
    public int People { get; set; }
    public int PeopleAtNight { get; set; }
    public int PeopleByDay { get; set; }
    public int Blankets { get; set; }
    public int Mattresses { get; set; }
    public int ClothingSets { get; set; }
    public int Heaters { get; set; }
    /// <summary>Heating fuel for the whole season.</summary>
    public int FuelLitres { get; set; }
    public int FuelLitresPerMonth { get; set; }
    public int BlanketsDelivered { get; set; }
    public int MattressesDelivered { get; set; }
    public int ClothingSetsDelivered { get; set; }
    public int HeatersDelivered { get; set; }
    public int FuelLitresDelivered { get; set; }

    /// <summary>What one household adds to its centre's totals, given what it has received per item; nothing when it does not count.</summary>
    public static CenterNeedTotal? Of(HouseholdNeeds? household, Func<Item, int> delivered) =>
        household is null || !PeopleTally.Counts(household) ? null : new CenterNeedTotal
        {
            CenterId = household.CenterId, Households = 1, People = household.People,
            PeopleAtNight = Presences.AtNight(household.Presence) ? household.People : 0,
            PeopleByDay = Presences.ByDay(household.Presence) ? household.People : 0,
            Blankets = household.Blankets, Mattresses = household.Mattresses, ClothingSets = household.ClothingSets, Heaters = household.Heaters,
            FuelLitres = household.FuelLitres, FuelLitresPerMonth = household.FuelLitresPerMonth,
            BlanketsDelivered = delivered(Item.Blanket), MattressesDelivered = delivered(Item.Mattress), ClothingSetsDelivered = delivered(Item.ClothingSet),
            HeatersDelivered = delivered(Item.Heater), FuelLitresDelivered = delivered(Item.FuelLitre),
        };

    /// <summary>
    /// What changing households from <paramref name="before"/> to <paramref name="after"/> adds to each centre's totals,
    /// in centre order (savers change the same rows in the same order and cannot deadlock); centres that do not change are left out.
    /// </summary>
    public static List<CenterNeedTotal> Change(IEnumerable<CenterNeedTotal?> before, IEnumerable<CenterNeedTotal?> after) =>
        before.OfType<CenterNeedTotal>().Select(t => (Row: t, Sign: -1)).Concat(after.OfType<CenterNeedTotal>().Select(t => (Row: t, Sign: 1)))
            .GroupBy(x => x.Row.CenterId)
            .Select(g => g.Aggregate(new CenterNeedTotal { CenterId = g.Key }, (sum, x) => sum.Add(x.Row, x.Sign)))
            .Where(t => !t.IsZero)
            .OrderBy(t => t.CenterId)
            .ToList();

    /// <summary>Needed against delivered to the households, per item (what went to the centre as a whole comes on top).</summary>
    public int Needed(Item item) => item switch
    {
        Item.Blanket => Blankets, Item.Mattress => Mattresses, Item.ClothingSet => ClothingSets, Item.Heater => Heaters, Item.FuelLitre => FuelLitres, _ => 0,
    };

    public int Delivered(Item item) => item switch
    {
        Item.Blanket => BlanketsDelivered, Item.Mattress => MattressesDelivered, Item.ClothingSet => ClothingSetsDelivered,
        Item.Heater => HeatersDelivered, Item.FuelLitre => FuelLitresDelivered, _ => 0,
    };

    /// <summary>These totals plus <paramref name="sign"/> times <paramref name="other"/>'s.</summary>
    public CenterNeedTotal Add(CenterNeedTotal other, int sign = 1)
    {
        Households += sign * other.Households;
        People += sign * other.People;
        PeopleAtNight += sign * other.PeopleAtNight;
        PeopleByDay += sign * other.PeopleByDay;
        Blankets += sign * other.Blankets;
        Mattresses += sign * other.Mattresses;
        ClothingSets += sign * other.ClothingSets;
        Heaters += sign * other.Heaters;
        FuelLitres += sign * other.FuelLitres;
        FuelLitresPerMonth += sign * other.FuelLitresPerMonth;
        BlanketsDelivered += sign * other.BlanketsDelivered;
        MattressesDelivered += sign * other.MattressesDelivered;
        ClothingSetsDelivered += sign * other.ClothingSetsDelivered;
        HeatersDelivered += sign * other.HeatersDelivered;
        FuelLitresDelivered += sign * other.FuelLitresDelivered;
        return this;
    }

    private bool IsZero => Households == 0 && People == 0 && PeopleAtNight == 0 && PeopleByDay == 0 && Blankets == 0 && Mattresses == 0
        && ClothingSets == 0 && Heaters == 0 && FuelLitres == 0 && FuelLitresPerMonth == 0 && BlanketsDelivered == 0 && MattressesDelivered == 0
        && ClothingSetsDelivered == 0 && HeatersDelivered == 0 && FuelLitresDelivered == 0;
}
