using IdpTracker.Identity.Data;
using IdpTracker.Identity.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace IdpTracker.Identity.Apis;

public sealed record CreateUserRequest(string? UserName, string? Password, List<string>? Roles, List<Guid>? Centres, List<string>? Areas, string? Organisation);

public sealed record ChangeUserRequest(List<string>? Roles, List<Guid>? Centres, List<string>? Areas, string? Organisation);

public sealed record UserResponse(string Id, string UserName, IReadOnlyList<string> Roles, IReadOnlyList<Guid> Centres, IReadOnlyList<string> Areas,
    string? Organisation, bool Disabled, bool LockedOut, DateTimeOffset CreatedAt);

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/users").WithTags("Users").RequireAuthorization(Policies.Administration);
        api.MapPost("/", Create).WithSummary("Create a user with roles and assignments (centres for field workers, areas for coordinators, an organisation for donors)");
        api.MapGet("/", List).WithSummary("All users");
        api.MapGet("/{id}", Get).WithSummary("One user");
        api.MapPatch("/{id}", Change).WithSummary("Change a user's roles or assignments; their current access tokens stop working within a minute");
        api.MapPost("/{id}/disable", Disable).WithSummary("Disable a user: no sign-in, refresh tokens revoked, access tokens refused everywhere within a minute");
        api.MapPost("/{id}/enable", Enable).WithSummary("Enable a disabled user again");
        return app;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, Conflict<HttpValidationProblemDetails>>> Create(
        CreateUserRequest request, UserManager<StaffUser> users, TimeProvider clock)
    {
        var errors = Check(request.Roles, request.Centres, request.Areas, request.Organisation);
        if (string.IsNullOrWhiteSpace(request.UserName)) errors["userName"] = ["Give a user name (an e-mail address is easiest to remember)."];
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Give a password of at least 12 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await users.FindByNameAsync(request.UserName!) is not null)
        {
            return TypedResults.Conflict(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["userName"] = ["This user name is taken."] })
            {
                Status = StatusCodes.Status409Conflict,
            });
        }

        var user = new StaffUser
        {
            UserName = request.UserName!.Trim(),
            Email = request.UserName.Contains('@') ? request.UserName.Trim() : null,
            Centres = request.Centres ?? [],
            Areas = (request.Areas ?? []).Select(a => a.Trim()).ToList(),
            Organisation = request.Organisation?.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = created.Errors.Select(e => e.Description).ToArray() });
        }
        await users.AddToRolesAsync(user, request.Roles!.Distinct());
        return TypedResults.Created($"/api/admin/users/{user.Id}", await ResponseAsync(user, users));
    }

    public static async Task<Ok<List<UserResponse>>> List(UserManager<StaffUser> users, CancellationToken cancellationToken)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var responses = new List<UserResponse>();
        foreach (var user in all) responses.Add(await ResponseAsync(user, users));
        return TypedResults.Ok(responses);
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> Get(string id, UserManager<StaffUser> users) =>
        await users.FindByIdAsync(id) is { } user ? TypedResults.Ok(await ResponseAsync(user, users)) : TypedResults.NotFound();

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, NotFound>> Change(
        string id, ChangeUserRequest request, UserManager<StaffUser> users, IdentityDbContext db, TimeProvider clock)
    {
        if (await users.FindByIdAsync(id) is not { } user) return TypedResults.NotFound();
        var roles = request.Roles ?? (await users.GetRolesAsync(user)).ToList();
        var errors = Check(roles, request.Centres ?? user.Centres, request.Areas ?? user.Areas, request.Organisation ?? user.Organisation);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        user.Centres = request.Centres ?? user.Centres;
        user.Areas = request.Areas?.Select(a => a.Trim()).ToList() ?? user.Areas;
        user.Organisation = request.Organisation?.Trim() ?? user.Organisation;
        await users.UpdateAsync(user);
        var current = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, current.Except(roles));
        await users.AddToRolesAsync(user, roles.Except(current).Distinct());
        // Tokens carry roles and assignments: the old ones must go; a device's refresh brings the new ones.
        await RevokeAccessAsync(db, user.Id, clock);
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> Disable(
        string id, UserManager<StaffUser> users, IdentityDbContext db, IOpenIddictTokenManager tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is not { } user) return TypedResults.NotFound();
        user.DisabledAt ??= clock.GetUtcNow();
        await users.UpdateAsync(user);
        await foreach (var token in tokens.FindBySubjectAsync(user.Id, cancellationToken))
        {
            await tokens.TryRevokeAsync(token, cancellationToken);
        }
        await RevokeAccessAsync(db, user.Id, clock);
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> Enable(string id, UserManager<StaffUser> users)
    {
        if (await users.FindByIdAsync(id) is not { } user) return TypedResults.NotFound();
        user.DisabledAt = null;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task RevokeAccessAsync(IdentityDbContext db, string userId, TimeProvider clock)
    {
        db.Revocations.Add(new AccessRevocation { UserId = userId, RevokedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private static Dictionary<string, string[]> Check(List<string>? roles, List<Guid>? centres, List<string>? areas, string? organisation)
    {
        var errors = new Dictionary<string, string[]>();
        if (roles is not { Count: > 0 }) errors["roles"] = [$"Give at least one role: {string.Join(", ", Roles.People)}."];
        else if (roles.FirstOrDefault(r => !Roles.People.Contains(r)) is { } unknown) errors["roles"] = [$"'{unknown}' is not a role. Choose from {string.Join(", ", Roles.People)}."];
        else
        {
            if (roles.Contains(Roles.FieldWorker) && centres is not { Count: > 0 }) errors["centres"] = ["A field worker is assigned to at least one reception centre."];
            if (roles.Contains(Roles.Coordinator) && (areas is not { Count: > 0 } || areas.Any(string.IsNullOrWhiteSpace))) errors["areas"] = ["A coordinator is responsible for at least one area (an admin code such as SY08)."];
            if (roles.Contains(Roles.Donor) && string.IsNullOrWhiteSpace(organisation)) errors["organisation"] = ["A donor belongs to an organisation."];
        }
        return errors;
    }

    private static async Task<UserResponse> ResponseAsync(StaffUser user, UserManager<StaffUser> users) => new(
        user.Id, user.UserName ?? "", (await users.GetRolesAsync(user)).Order().ToList(), user.Centres, user.Areas, user.Organisation,
        user.DisabledAt is not null, await users.IsLockedOutAsync(user), user.CreatedAt);
}
