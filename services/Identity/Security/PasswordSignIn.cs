using IdpTracker.Identity.Model;
using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity.Security;

/// <summary>
/// Checks a user name and password the same way on the login page and at the token endpoint: disabled
/// accounts and unknown names get the same answer as a wrong password; five failures lock the account.
/// </summary>
public static class PasswordSignIn
{
    public const string Wrong = "The user name or password is wrong.";
    public const string Locked = "Too many wrong passwords: the account is locked for 15 minutes.";

    /// <returns>The user, or null and the reason to show.</returns>
    public static async Task<(StaffUser? User, string? Problem)> CheckAsync(UserManager<StaffUser> users, string? userName, string? password)
    {
        var user = await users.FindByNameAsync(userName ?? "");
        if (user is null || user.DisabledAt is not null) return (null, Wrong);
        if (await users.IsLockedOutAsync(user)) return (null, Locked);
        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            await users.AccessFailedAsync(user);
            return (null, Wrong);
        }
        await users.ResetAccessFailedCountAsync(user);
        return (user, null);
    }
}
