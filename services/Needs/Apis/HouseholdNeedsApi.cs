using System.Security.Claims;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public static class HouseholdNeedsApi
{
    public static IEndpointRouteBuilder MapHouseholdNeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/households").WithTags("Household needs").RequireAuthorization(Policies.Registration);
        api.MapGet("/{id:guid}", GetHouseholdNeeds).WithSummary("Winter needs of one household, with the reasons, rule set version, priority and gaps");
        api.MapGet("/", ListHouseholds)
            .WithSummary("Households present in your centres, most urgent first, with the reasons (centerId, area, minPriority, item with a gap, specificNeed)")
            .WithDescription("item (blanket, mattress, clothingSet, heater, fuelLitre) keeps the households still short of it. Urgent referrals " +
                             "(unaccompanied or separated children, child-headed households) come first whatever their score.");
        return app;
    }

    public static async Task<Results<Ok<HouseholdNeedsResponse>, NotFound>> GetHouseholdNeeds(
        Guid id, NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var household = await db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.HouseholdId == id, cancellationToken);
        var center = household is null ? null : await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == household.CenterId, cancellationToken);
        // Out of the caller's centres, a household answers as if it did not exist.
        if (household is null || !CenterNeedsApi.Reaches(Caller.From(user), household.CenterId, center)) return TypedResults.NotFound();
        var delivered = await db.Distributions.AsNoTracking().Where(d => d.HouseholdId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(HouseholdNeedsResponse.From(household) with { Gaps = Gaps.For([household], delivered) });
    }

    public static async Task<Results<Ok<PrioritisedPage>, ValidationProblem>> ListHouseholds(
        Guid? centerId, string? area, int? minPriority, string? item, string? specificNeed, int? page, int? pageSize,
        NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (specificNeed is not null && (specificNeed.Length is 0 or > 20 || !specificNeed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["specificNeed"] = ["A specific-needs code, e.g. UAC, ELD or WG-WALKING."] });
        }
        if (Paging.Check(page, pageSize, defaultSize: 50, maxSize: 200, "households", out var paging) is { } pagingErrors)
        {
            return TypedResults.ValidationProblem(pagingErrors);
        }
        var (number, size) = paging;
        Item? wantedItem = null;
        if (item is not null)
        {
            if (!Enum.TryParse<Item>(item, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["item"] = ["Choose blanket, mattress, clothingSet, heater or fuelLitre."] });
            }
            wantedItem = parsed;
        }
        var caller = Caller.From(user);
        var centres = (await db.Centers.AsNoTracking().ToListAsync(cancellationToken))
            .Where(c => CenterNeedsApi.Reaches(caller, c.Id, c))
            .Where(c => centerId is null || c.Id == centerId)
            .Where(c => string.IsNullOrWhiteSpace(area) || c.Adm1Code == area || c.Adm2Code == area)
            .Select(c => c.Id).ToList();
        var households = db.Households.AsNoTracking().Where(h => h.Present && !h.Merged && h.SourceVersion > 0 && centres.Contains(h.CenterId));
        if (minPriority is { } least) households = households.Where(h => h.PriorityScore >= least);
        if (wantedItem is { } wanted) households = StillShortOf(households, wanted, db);
        if (specificNeed is not null)
        {
            // Array containment (@>), which the column's GIN index answers.
            string[] codes = [specificNeed.ToUpperInvariant()];
            households = households.Where(h => codes.All(c => h.SpecificNeeds.Contains(c)));
        }
        var found = await households
            // Households assessed in one batch share their assessment time: the id makes every page's order the same,
            // so paging lists each household once; the order is the priority index's (NeedsDbContext).
            .OrderByDescending(h => h.Urgent).ThenByDescending(h => h.PriorityScore).ThenBy(h => h.AssessedAt).ThenBy(h => h.HouseholdId)
            .Skip((number - 1) * size).Take(size)
            // Only what the page shows and its gaps need: the members and the assessment's reasons (JSON) were most of its reading.
            .Select(h => new HouseholdNeeds
            {
                HouseholdId = h.HouseholdId, CenterId = h.CenterId, People = h.People, PriorityScore = h.PriorityScore,
                PriorityReasons = h.PriorityReasons, UrgentReferrals = h.UrgentReferrals,
                Blankets = h.Blankets, Mattresses = h.Mattresses, ClothingSets = h.ClothingSets, Heaters = h.Heaters, FuelLitres = h.FuelLitres,
            })
            .ToListAsync(cancellationToken);
        var ids = found.Select(h => h.HouseholdId).ToList();
        var delivered = await db.Distributions.AsNoTracking().Where(d => d.HouseholdId != null && ids.Contains(d.HouseholdId.Value)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PrioritisedPage(number, size, found.Select(h => new PrioritisedHousehold(
            h.HouseholdId, h.CenterId, h.People, h.PriorityScore, h.PriorityReasons, h.UrgentReferrals,
            Gaps.For([h], delivered.Where(d => d.HouseholdId == h.HouseholdId).ToList()))).ToList()));
    }

    /// <summary>Households that have received less of the item than they need (household distributions only).</summary>
    private static IQueryable<HouseholdNeeds> StillShortOf(IQueryable<HouseholdNeeds> households, Item item, NeedsDbContext db)
    {
        var given = db.Distributions.Where(d => d.Item == item);
        return item switch
        {
            Item.Blanket => households.Where(h => h.Blankets > given.Where(d => d.HouseholdId == h.HouseholdId).Sum(d => d.Quantity)),
            Item.Mattress => households.Where(h => h.Mattresses > given.Where(d => d.HouseholdId == h.HouseholdId).Sum(d => d.Quantity)),
            Item.ClothingSet => households.Where(h => h.ClothingSets > given.Where(d => d.HouseholdId == h.HouseholdId).Sum(d => d.Quantity)),
            Item.Heater => households.Where(h => h.Heaters > given.Where(d => d.HouseholdId == h.HouseholdId).Sum(d => d.Quantity)),
            _ => households.Where(h => h.FuelLitres > given.Where(d => d.HouseholdId == h.HouseholdId).Sum(d => d.Quantity)),
        };
    }
}

public sealed record PrioritisedHousehold(Guid HouseholdId, Guid CenterId, int People, int PriorityScore, IReadOnlyList<Finding> PriorityReasons,
    IReadOnlyList<Finding> UrgentReferrals, IReadOnlyList<ItemGap> Gaps);

public sealed record PrioritisedPage(int Page, int PageSize, IReadOnlyList<PrioritisedHousehold> Items);

public sealed record HouseholdNeedsResponse(
    Guid HouseholdId, Guid CenterId, int People, int ChildrenUnder2, int OlderPeople,
    int Blankets, int Mattresses, int ClothingSets, int Heaters, int FuelLitres,
    string RuleSetVersion, IReadOnlyList<Finding> Reasons, DateTimeOffset AssessedAt,
    int PriorityScore, IReadOnlyList<Finding> PriorityReasons, IReadOnlyList<Finding> UrgentReferrals)
{
    /// <summary>Heating fuel a month while the season lasts (fuelLitres is the season's total).</summary>
    public int FuelLitresPerMonth { get; init; }

    /// <summary>Needed against delivered to this household, per item.</summary>
    public IReadOnlyList<ItemGap> Gaps { get; init; } = [];

    public static HouseholdNeedsResponse From(HouseholdNeeds h) => new(
        h.HouseholdId, h.CenterId, h.People, h.ChildrenUnder2, h.OlderPeople,
        h.Blankets, h.Mattresses, h.ClothingSets, h.Heaters, h.FuelLitres, h.RuleSetVersion, h.Reasons, h.AssessedAt,
        h.PriorityScore, h.PriorityReasons, h.UrgentReferrals)
    {
        FuelLitresPerMonth = h.FuelLitresPerMonth,
    };
}
