using IdpTracker.Domain;
using System.Security.Claims;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

public sealed record DistributionRequest(Guid? Id, Item? Item, int? Quantity, Guid? HouseholdId, Guid? CenterId, DateOnly? DeliveredOn);

public sealed record DistributionResponse(Guid Id, Item Item, int Quantity, Guid? HouseholdId, Guid CenterId, DateOnly DeliveredOn, DateTimeOffset RecordedAt)
{
    public static DistributionResponse From(Distribution d) => new(d.Id, d.Item, d.Quantity, d.HouseholdId, d.CenterId, d.DeliveredOn, d.RecordedAt);
}

/// <param name="Items">Per item, needed for the season against delivered (fuel in litres for the whole season).</param>
public sealed record GapsResponse(Guid? CenterId, string? Area, int Households, int People, IReadOnlyList<ItemGap> Items)
{
    /// <summary>Heating fuel the households need a month while the season lasts: one month's distribution.</summary>
    public int FuelLitresPerMonth { get; init; }
}

public static class DistributionsApi
{
    public const int MaxQuantity = 100_000;

    public static IEndpointRouteBuilder MapDistributionsApi(this IEndpointRouteBuilder app)
    {
        var distributions = app.MapGroup("/api/needs/distributions").WithTags("Distributions").RequireAuthorization(Policies.Registration);
        distributions.MapPost("/", Record)
            .WithSummary("Record items handed out to a household or to a centre")
            .WithDescription("The device chooses the id: 201 when new, 200 when the same distribution is sent again, 409 when that id " +
                             "holds a different one. Items: blanket, mattress, clothingSet, heater, fuelLitre. More than needed is recorded, never refused.");
        distributions.MapGet("/", List).WithSummary("Distributions to a household or at a centre, newest first");
        app.MapGroup("/api/needs/gaps").WithTags("Distributions").RequireAuthorization(Policies.Staff)
            .MapGet("/", GetGaps)
            .WithSummary("Needed, delivered, gap and over-delivery per item, for a centre (centerId), an area (admin code) or everything you reach");
        return app;
    }

    public static async Task<Results<Created<DistributionResponse>, Ok<DistributionResponse>, ValidationProblem, NotFound, Conflict<DistributionResponse?>>> Record(
        DistributionRequest request, NeedsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Id is null || request.Id == Guid.Empty) errors["id"] = ["Give the distribution an id (a UUID chosen on the device)."];
        if (request.Item is null) errors["item"] = ["Say which item: blanket, mattress, clothingSet, heater or fuelLitre."];
        if (request.Quantity is not (> 0 and <= MaxQuantity)) errors["quantity"] = [$"Give a quantity from 1 to {MaxQuantity:N0}."];
        if ((request.HouseholdId is null) == (request.CenterId is null)) errors["householdId"] = ["Give either the household or the centre the items went to."];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.DeliveredOn is not { } on || on > today.AddDays(1)) errors["deliveredOn"] = ["Give the day the items were handed out; it cannot be in the future."];
        else if (!RecordedDates.Credible(on)) errors["deliveredOn"] = [RecordedDates.TooEarly];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // The household's centre now, or the centre itself; out of the caller's reach it answers as unknown.
        var caller = Caller.From(user);
        var centerId = request.CenterId ?? await db.Households.Where(h => h.HouseholdId == request.HouseholdId).Select(h => (Guid?)h.CenterId).FirstOrDefaultAsync(cancellationToken);
        var center = centerId is null ? null : await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == centerId, cancellationToken);
        if (centerId is null || !CenterNeedsApi.Reaches(caller, centerId.Value, center)) return TypedResults.NotFound();

        var distribution = new Distribution
        {
            Id = request.Id!.Value, Item = request.Item!.Value, Quantity = request.Quantity!.Value, HouseholdId = request.HouseholdId,
            CenterId = centerId.Value, DeliveredOn = request.DeliveredOn!.Value, RecordedAt = clock.GetUtcNow(), RecordedBy = caller.Subject,
        };
        if (await db.Distributions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == distribution.Id, cancellationToken) is { } stored)
        {
            return SameAs(stored, distribution) ? TypedResults.Ok(DistributionResponse.From(stored)) : TypedResults.Conflict<DistributionResponse?>(Shown(stored, distribution));
        }
        db.Distributions.Add(distribution);
        db.AddOutboxMessage(new DistributionRecorded(distribution.Id, Code(distribution.Item), distribution.Quantity, distribution.HouseholdId,
            distribution.CenterId, distribution.DeliveredOn, distribution.RecordedAt), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // The same device resent it while the first copy was being stored.
            var raced = await db.Distributions.AsNoTracking().FirstAsync(d => d.Id == distribution.Id, cancellationToken);
            return SameAs(raced, distribution) ? TypedResults.Ok(DistributionResponse.From(raced)) : TypedResults.Conflict<DistributionResponse?>(Shown(raced, distribution));
        }
        return TypedResults.Created($"/api/needs/distributions/{distribution.Id}", DistributionResponse.From(distribution));
    }

    /// <summary>
    /// The record already under this id, shown only when it went to the same household or centre as the one sent (which
    /// the caller reaches); an id of someone else's distribution is refused without a word about it.
    /// </summary>
    private static DistributionResponse? Shown(Distribution stored, Distribution sent) =>
        stored.CenterId == sent.CenterId && stored.HouseholdId == sent.HouseholdId ? DistributionResponse.From(stored) : null;

    public static async Task<Ok<List<DistributionResponse>>> List(
        Guid? householdId, Guid? centerId, NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var reached = await CenterNeedsApi.SeenCentresAsync(db, Caller.From(user), cancellationToken);
        var query = db.Distributions.AsNoTracking().Where(d => reached.Contains(d.CenterId));
        if (householdId is { } household) query = query.Where(d => d.HouseholdId == household);
        if (centerId is { } centre) query = query.Where(d => d.CenterId == centre);
        var found = await query.OrderByDescending(d => d.DeliveredOn).ThenByDescending(d => d.RecordedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(found.Select(DistributionResponse.From).ToList());
    }

    public static async Task<Results<Ok<GapsResponse>, NotFound>> GetGaps(
        Guid? centerId, string? area, NeedsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var reached = await CenterNeedsApi.SeenCentresAsync(db, Caller.From(user), cancellationToken);
        var centres = reached.AsEnumerable();
        if (centerId is { } centre)
        {
            if (!reached.Contains(centre)) return TypedResults.NotFound();
            centres = [centre];
        }
        if (!string.IsNullOrWhiteSpace(area))
        {
            var inArea = await db.Centers.Where(c => c.Adm1Code == area || c.Adm2Code == area).Select(c => c.Id).ToListAsync(cancellationToken);
            centres = centres.Intersect(inArea);
        }
        var ids = centres.ToList();
        // The centres' totals (kept as households change) and what went to the centres as a whole: a few rows, however many families.
        var totals = (await db.CenterNeedTotals.AsNoTracking().Where(t => ids.Contains(t.CenterId)).ToListAsync(cancellationToken))
            .Aggregate(new CenterNeedTotal(), (sum, t) => sum.Add(t));
        var toCentres = await db.Distributions.Where(d => d.HouseholdId == null && ids.Contains(d.CenterId))
            .GroupBy(d => d.Item).Select(g => new { Item = g.Key, Quantity = g.Sum(d => d.Quantity) })
            .ToDictionaryAsync(d => d.Item, d => d.Quantity, cancellationToken);
        return TypedResults.Ok(new GapsResponse(centerId, area, totals.Households, totals.People,
            Gaps.Items.Select(item => ItemGap.Of(item, totals.Needed(item), totals.Delivered(item) + toCentres.GetValueOrDefault(item))).ToList())
        {
            FuelLitresPerMonth = totals.FuelLitresPerMonth,
        });
    }

    private static bool SameAs(Distribution a, Distribution b) =>
        a.Item == b.Item && a.Quantity == b.Quantity && a.HouseholdId == b.HouseholdId && a.DeliveredOn == b.DeliveredOn
        && (b.HouseholdId is not null || a.CenterId == b.CenterId);

    private static string Code(Item item) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(item.ToString());
}
