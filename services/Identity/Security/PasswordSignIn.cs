using IdpTracker.Identity.Data;
using IdpTracker.Identity.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Identity.Security;

/// <summary>
/// Checks a user name and password the same way on the login page and at the token endpoint. Every refusal reads the
/// same, and takes as long, whether the name is unknown, the account disabled, the password wrong or the account
/// cooling down, so the answer never tells an attacker that an account exists.
/// <para>
/// After <see cref="FreeAttempts"/> wrong passwords in a row the account waits before the next password is even
/// checked: 30 seconds, then twice as long after each further failure, at most <see cref="MaxWait"/>. Attempts on one
/// account are taken one at a time (its row is locked), so a burst of guesses in parallel counts every guess. Guessing
/// stays hopeless, and someone who knows a field worker's e-mail can slow their password sign-in but never cut off
/// their phone: a refresh token is another credential and is not affected (see TokenApi).
/// </para>
/// </summary>
public static class PasswordSignIn
{
    public const string Refused = "The user name or password is wrong, or there were too many attempts: wait a few minutes and try again.";
    public const int FreeAttempts = 5;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    /// <summary>Checked against when there is no account, so an unknown name costs the same time as a known one.</summary>
    private static readonly Lazy<string> NoAccountHash = new(() =>
        new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>How long an account waits after its <paramref name="failures"/>th wrong password in a row.</summary>
    public static TimeSpan WaitAfter(int failures) => failures < FreeAttempts
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, FirstWait.Ticks << Math.Min(failures - FreeAttempts, 20)));

    /// <returns>The user, or null and the reason to show.</returns>
    public static async Task<(StaffUser? User, string? Problem)> CheckAsync(
        UserManager<StaffUser> users, IdentityDbContext db, TimeProvider clock, string? userName, string? password)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var normalized = users.NormalizeName(userName ?? "");
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "AspNetUsers" WHERE normalized_user_name = {normalized} FOR UPDATE""");
        var user = await users.FindByNameAsync(userName ?? "");
        if (user is null || user.DisabledAt is not null)
        {
            users.PasswordHasher.VerifyHashedPassword(new StaffUser(), NoAccountHash.Value, password ?? "");
            return (null, Refused);
        }
        var now = clock.GetUtcNow();
        if (user.LockoutEnd > now) return (null, Refused);
        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            user.AccessFailedCount++;
            user.LockoutEnd = user.AccessFailedCount >= FreeAttempts ? now + WaitAfter(user.AccessFailedCount) : null;
            await users.UpdateAsync(user);
            await transaction.CommitAsync();
            return (null, Refused);
        }
        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            await users.UpdateAsync(user);
        }
        await transaction.CommitAsync();
        return (user, null);
    }
}
