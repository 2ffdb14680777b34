using System.Security.Claims;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public static class HouseholdNeedsApi
{
    public static IEndpointRouteBuilder MapHouseholdNeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/households").WithTags("Household needs").RequireAuthorization(Policies.Registration);
        api.MapGet("/{id:guid}", GetHouseholdNeeds).WithSummary("Winter needs of one household, with the reasons and rule set version");
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
}

public sealed record HouseholdNeedsResponse(
    Guid HouseholdId, Guid CenterId, int People, int ChildrenUnder2, int OlderPeople,
    int Blankets, int Mattresses, int ClothingSets, int Heaters, int FuelLitres,
    string RuleSetVersion, IReadOnlyList<string> Reasons, DateTimeOffset AssessedAt)
{
    /// <summary>Needed against delivered to this household, per item.</summary>
    public IReadOnlyList<ItemGap> Gaps { get; init; } = [];

    public static HouseholdNeedsResponse From(HouseholdNeeds h) => new(
        h.HouseholdId, h.CenterId, h.People, h.ChildrenUnder2, h.OlderPeople,
        h.Blankets, h.Mattresses, h.ClothingSets, h.Heaters, h.FuelLitres, h.RuleSetVersion, h.Reasons, h.AssessedAt);
}
