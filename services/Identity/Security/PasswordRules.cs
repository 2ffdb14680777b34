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

    /// <summary>
    /// The 10,000 most common passwords of public breach lists, most common first (common-passwords.txt, from the
    /// zxcvbn frequency list, MIT; see common-passwords.LICENSE.txt).
    /// </summary>
    private static readonly Lazy<HashSet<string>> CommonPasswords = new(() =>
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line) if (line.Length > 0) set.Add(line);
        return set;
    });

    /// <summary>Rows, columns and diagonals of a keyboard, forwards and backwards: "1qaz2wsx3edc4rfv" is as weak as "qwerty".</summary>
    private static readonly string[] KeyboardWalks = new[]
    {
        "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
        "1q2w3e4r5t6y7u8i9o0p", "zaq1xsw2cde3vfr4bgt5nhy6mju7ki8lo9p0", "qazwsxedcrfvtgbyhnujmikolp", "abcdefghijklmnopqrstuvwxyz",
    }.SelectMany(walk => new[] { walk, new string(walk.Reverse().ToArray()) }).ToArray();

    /// <summary>
    /// Whether attackers would try this password early: one of the common passwords, one with digits or symbols around it
    /// ("Password1234!", "iloveyou12345"), a keyboard walk, or a short piece repeated ("trustno1trustno1").
    /// </summary>
    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim(" 0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray());
        var letters = new string(lower.Where(char.IsLetterOrDigit).ToArray());
        var common = CommonPasswords.Value;
        if (core.Length < 4 || common.Contains(lower) || common.Contains(core)) return true;
        if (KeyboardWalks.Any(walk => walk.Contains(letters, StringComparison.Ordinal))) return true;
        for (var period = 1; period <= lower.Length / 2; period++)
        {
            if (lower.Length % period == 0 && lower == string.Concat(Enumerable.Repeat(lower[..period], lower.Length / period)))
            {
                // A short piece repeated, or a common password typed twice.
                return period < 6 || common.Contains(lower[..period]);
            }
        }
        return false;
    }

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
        else if (IsCommon(password) || password.Distinct().Count() <= 2)
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
