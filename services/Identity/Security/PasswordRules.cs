using IdpTracker.Identity.Model;
using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity.Security;

/// <summary>
/// Password rules after OWASP ASVS 5 (V6.2): at least 12 characters, up to 128, any characters, no
/// composition rules, and not one of the passwords attackers try first or the user's own name.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<StaffUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    // The most common passwords of public breach lists that are 12 characters or longer, and local favourites.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678910", "password1234", "password12345", "qwertyuiop123",
        "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "passwordpassword", "aaaaaaaaaaaa",
        "111111111111", "000000000000", "123123123123", "abcdefghijkl", "administrator", "welcome12345",
        "changeme1234", "letmein12345", "qwertyqwerty", "asdfghjkl123", "zxcvbnm12345", "passw0rd1234",
        "alhasakah2022", "hasakah12345", "syria1234567", "damascus1234", "idptracker123", "idptracker2026",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        var errors = new List<IdentityError>();
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"Use at least {MinLength} characters; a few words together are easy to remember." });
        }
        else if (password.Length > MaxLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Use at most {MaxLength} characters." });
        }
        else if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "This password is among the first ones attackers try. Choose another." });
        }
        else if (user.UserName is { Length: >= 4 } name && password.Contains(name.Split('@')[0], StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "The password must not contain the user name." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
