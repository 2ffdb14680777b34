using IdpTracker.Identity.Model;
using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity.Security;

/// <summary>
/// Checks a user name and password the same way on the login page and at the token endpoint. Every refusal reads the
/// same, whether the name is unknown, the account disabled, the password wrong or the account cooling down, so the
/// answer never tells an attacker that an account exists.
/// <para>
/// After <see cref="FreeAttempts"/> wrong passwords in a row the account waits before the next password is even
/// checked: 30 seconds, then twice as long after each further failure, at most <see cref="MaxWait"/>. Guessing stays
/// hopeless, and someone who knows a field worker's e-mail can slow their password sign-in but never cut off their
/// phone: a refresh token is another credential and is not affected (see TokenApi).
/// </para>
/// </summary>
public static class PasswordSignIn
{
    public const string Refused = "The user name or password is wrong, or there were too many attempts: wait a few minutes and try again.";
    public const int FreeAttempts = 5;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    /// <summary>How long an account waits after its <paramref name="failures"/>th wrong password in a row.</summary>
    public static TimeSpan WaitAfter(int failures) => failures < FreeAttempts
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, FirstWait.Ticks << Math.Min(failures - FreeAttempts, 20)));

    /// <returns>The user, or null and the reason to show.</returns>
    public static async Task<(StaffUser? User, string? Problem)> CheckAsync(UserManager<StaffUser> users, TimeProvider clock, string? userName, string? password)
    {
        var user = await users.FindByNameAsync(userName ?? "");
        if (user is null || user.DisabledAt is not null) return (null, Refused);
        var now = clock.GetUtcNow();
        if (user.LockoutEnd > now) return (null, Refused);
        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            user.AccessFailedCount++;
            user.LockoutEnd = user.AccessFailedCount >= FreeAttempts ? now + WaitAfter(user.AccessFailedCount) : null;
            await users.UpdateAsync(user);
            return (null, Refused);
        }
        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            await users.UpdateAsync(user);
        }
        return (user, null);
    }
}
