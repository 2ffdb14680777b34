using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class HouseholdsApi
{
    public static IEndpointRouteBuilder MapHouseholdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Households");
        api.MapPut("/{id:guid}", RegisterHousehold)
            .WithSummary("Register a household arriving at a centre")
            .WithDescription("The client chooses the id, so a phone can register offline and resend safely: 201 when new; " +
                             "200 when the same content was already stored, or when a correction names the current version (If-Match or \"version\"); " +
                             "409 with the stored copy when different content names an older version or none, and the copy sent is kept for review.");
        api.MapGet("/{id:guid}", GetHousehold).WithSummary("Get one household");
        return app;
    }

    public static async Task<Results<Created<HouseholdResponse>, Ok<HouseholdResponse>, ValidationProblem, Conflict<HouseholdConflictResponse>>> RegisterHousehold(
        Guid id, RegisterHouseholdRequest request, HttpContext http, HouseholdRegistration registration, CancellationToken cancellationToken)
    {
        var baseVersion = request.Version ?? ETags.Parse(http.Request.Headers.IfMatch);
        var result = await registration.RegisterAsync(id, request, baseVersion, cancellationToken);
        if (result.Household is { } household) http.Response.Headers.ETag = ETags.For(household.Version);
        return result.Outcome switch
        {
            RegistrationOutcome.Created => TypedResults.Created($"/api/households/{id}", result.Household),
            RegistrationOutcome.Unchanged or RegistrationOutcome.Updated => TypedResults.Ok(result.Household),
            RegistrationOutcome.Conflict => TypedResults.Conflict(HouseholdConflictResponse.For(result)),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    public static async Task<Results<Ok<HouseholdResponse>, NotFound>> GetHousehold(Guid id, HttpContext http, RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is null) return TypedResults.NotFound();
        http.Response.Headers.ETag = ETags.For(household.Version);
        return TypedResults.Ok(HouseholdResponse.From(household));
    }
}

/// <param name="Version">The version the device last saw, for a correction (or send it as If-Match).</param>
public sealed record RegisterHouseholdRequest(Guid CenterId, DateTimeOffset? ArrivedAt, IReadOnlyList<MemberRequest> Members, int? Version = null);

public sealed record MemberRequest(Guid? Id, Sex? Sex, DateOnly? DateOfBirth, bool DateOfBirthEstimated, Relationship? Relationship);

public sealed record HouseholdResponse(Guid Id, Guid CenterId, DateTimeOffset ArrivedAt, int Version, IReadOnlyList<MemberResponse> Members)
{
    public static HouseholdResponse From(Household h) => new(
        h.Id, h.CenterId, h.ArrivedAt, h.Version,
        h.Members.OrderBy(m => m.Position)
            .Select(m => new MemberResponse(m.Id, m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship)).ToList());
}

public sealed record MemberResponse(Guid Id, Sex Sex, DateOnly DateOfBirth, bool DateOfBirthEstimated, Relationship Relationship);

public sealed record HouseholdConflictResponse(string Detail, HouseholdResponse Current, Guid ConflictId)
{
    public static HouseholdConflictResponse For(RegistrationResult result) => new(
        "This household was changed since this device last saw it, so nothing was overwritten. The copy sent is kept for a coordinator to review.",
        result.Household!, result.ConflictId!.Value);
}

/// <summary>Household versions as HTTP entity tags: "3".</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public static int? Parse(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch)) return null;
        var value = ifMatch.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return int.TryParse(value.Trim('"'), out var version) ? version : null;
    }
}
