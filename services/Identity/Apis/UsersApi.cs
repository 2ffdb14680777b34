using IdpTracker.Domain;
using IdpTracker.Identity.Data;
using IdpTracker.Identity.Model;
using IdpTracker.Messaging;
using IdpTracker.ServiceDefaults;
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
        CreateUserRequest request, UserManager<StaffUser> users, IdentityDbContext db, TimeProvider clock)
    {
        var errors = Check(request.Roles, request.Centres, request.Areas, request.Organisation);
        if (string.IsNullOrWhiteSpace(request.UserName)) errors["userName"] = ["Give a user name (an e-mail address is easiest to remember)."];
        else if (request.UserName.Trim().Length > MaxUserNameLength || PlainText.HasControlCharacters(request.UserName) || !PlainText.HasVisibleCharacter(request.UserName))
        {
            errors["userName"] = [$"A user name is up to {MaxUserNameLength} visible characters, e.g. an e-mail address."];
        }
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Give a password of at least 12 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await users.FindByNameAsync(request.UserName!.Trim()) is not null) return UserNameTaken();

        var user = new StaffUser
        {
            UserName = request.UserName!.Trim(),
            Email = request.UserName.Contains('@') ? request.UserName.Trim() : null,
            Centres = request.Centres ?? [],
            Areas = Codes(request.Areas),
            Organisation = request.Organisation?.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        // The user and their roles together or not at all: never an account without roles left behind.
        await using var transaction = await db.Database.BeginTransactionAsync();
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, request.Password!);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return UserNameTaken(); // the same name created a moment ago by another request
        }
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)) ? UserNameTaken() : TypedResults.ValidationProblem(ByField(created));
        }
        var assigned = await users.AddToRolesAsync(user, request.Roles!.Distinct());
        if (!assigned.Succeeded) return TypedResults.ValidationProblem(ByField(assigned));
        await transaction.CommitAsync();
        return TypedResults.Created($"/api/admin/users/{user.Id}", await ResponseAsync(user, users));
    }

    public const int MaxUserNameLength = 256;
    public const int MaxAssignments = 100;

    private static Conflict<HttpValidationProblemDetails> UserNameTaken() =>
        TypedResults.Conflict(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["userName"] = ["This user name is taken."] })
        {
            Status = StatusCodes.Status409Conflict,
        });

    /// <summary>Identity's refusals under the field they are about: passwords under password, names under userName.</summary>
    private static Dictionary<string, string[]> ByField(IdentityResult result) => result.Errors
        .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
            : e.Code.Contains("UserName", StringComparison.Ordinal) || e.Code.Contains("Email", StringComparison.Ordinal) ? "userName"
            : e.Code.Contains("Role", StringComparison.Ordinal) ? "roles" : "body")
        .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());

    private static List<string> Codes(IEnumerable<string>? areas) => (areas ?? []).Select(a => AdminCodes.Normalize(a)!).Distinct().ToList();

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
        // Two administrators changing one user at once: each change is made on what the other saved, in one transaction.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await users.FindByIdAsync(id) is not { } user) return TypedResults.NotFound();
            var roles = request.Roles ?? (await users.GetRolesAsync(user)).ToList();
            var errors = Check(roles, request.Centres ?? user.Centres, request.Areas ?? user.Areas, request.Organisation ?? user.Organisation);
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

            user.Centres = request.Centres ?? user.Centres;
            user.Areas = request.Areas is null ? user.Areas : Codes(request.Areas);
            user.Organisation = request.Organisation?.Trim() ?? user.Organisation;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var current = await users.GetRolesAsync(user);
                var results = new[]
                {
                    await users.UpdateAsync(user),
                    await users.RemoveFromRolesAsync(user, current.Except(roles)),
                    await users.AddToRolesAsync(user, roles.Except(current).Distinct()),
                };
                if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
                {
                    if (failed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)) && attempt < 5) continue;
                    return TypedResults.ValidationProblem(ByField(failed));
                }
                // Tokens carry roles and assignments: the old ones must go; a device's refresh brings the new ones.
                await RevokeAccessAsync(db, user.Id, clock);
                await transaction.CommitAsync();
                return TypedResults.Ok(await ResponseAsync(user, users));
            }
            catch (DbUpdateException ex) when (attempt < 5 && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
            }
        }
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
        if (centres is { Count: > MaxAssignments }) errors["centres"] = [$"At most {MaxAssignments} centres; a coordinator's area covers many."];
        if (areas is { Count: > MaxAssignments }) errors["areas"] = [$"At most {MaxAssignments} areas; a governorate code covers its districts."];
        for (var i = 0; i < Math.Min(areas?.Count ?? 0, MaxAssignments); i++)
        {
            if (!AdminCodes.IsValid(AdminCodes.Normalize(areas![i]))) errors[$"areas[{i}]"] = [$"Give an admin code, {AdminCodes.Example}."];
        }
        if (organisation is not null && (organisation.Length > 200 || PlainText.HasControlCharacters(organisation)))
        {
            errors["organisation"] = ["An organisation's name is up to 200 characters, without control characters."];
        }
        if (roles?.IndexOf(null!) is >= 0 and var nullRole) errors[$"roles[{nullRole}]"] = ["Give a role here, not null."];
        else if (roles is not { Count: > 0 }) errors["roles"] = [$"Give at least one role: {string.Join(", ", Roles.People)}."];
        else if (roles.FirstOrDefault(r => !Roles.People.Contains(r)) is { } unknown) errors["roles"] = [$"'{unknown}' is not a role. Choose from {string.Join(", ", Roles.People)}."];
        else
        {
            if (roles.Contains(Roles.FieldWorker) && centres is not { Count: > 0 }) errors["centres"] = ["A field worker is assigned to at least one reception centre."];
            if (roles.Contains(Roles.Coordinator) && areas is not { Count: > 0 }) errors["areas"] = ["A coordinator is responsible for at least one area (an admin code such as SY08)."];
            if (roles.Contains(Roles.Donor) && string.IsNullOrWhiteSpace(organisation)) errors["organisation"] = ["A donor belongs to an organisation."];
        }
        return errors;
    }

    private static async Task<UserResponse> ResponseAsync(StaffUser user, UserManager<StaffUser> users) => new(
        user.Id, user.UserName ?? "", (await users.GetRolesAsync(user)).Order().ToList(), user.Centres, user.Areas, user.Organisation,
        user.DisabledAt is not null, await users.IsLockedOutAsync(user), user.CreatedAt);
}
