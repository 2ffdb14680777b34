using System.Text.RegularExpressions;

namespace IdpTracker.Domain;

/// <summary>OCHA P-codes for an area: country letters, then digits (SY08 a governorate, SY0800 a district).</summary>
public static partial class AdminCodes
{
    public const string Example = "e.g. SY08 or SY0800";

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>A code as stored and compared: trimmed, in capitals (" sy08" is SY08); null stays null.</summary>
    public static string? Normalize(string? code) => code?.Trim().ToUpperInvariant();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2,8}$")]
    private static partial Regex Pattern();
}
