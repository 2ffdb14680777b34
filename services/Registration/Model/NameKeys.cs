using System.Globalization;
using System.Text;

namespace IdpTracker.Registration.Model;

/// <summary>
/// Matching keys for names, so a search or a duplicate check finds spelling variants: Arabic
/// written with or without diacritics, tatweel, hamza on alef, taa marbuta or alef maqsura; Latin
/// transliterations that differ in their vowels or doubled letters (Mohammed, Muhammad, Mohamad).
/// Keys are what gets hashed into the blind index; they are never stored in clear.
/// </summary>
public static class NameKeys
{
    public static IReadOnlyList<string> For(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return [];
        var keys = new List<string>();
        foreach (var token in name.Split([' ', '-', '\'', '’', '.', ',', '_', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            // Initials and articles say nothing about who someone is.
            if (token.Length < 2 || Articles.Contains(token.ToLowerInvariant())) continue;
            var key = IsArabic(token) ? "ar:" + NormalizeArabic(token) : "lt:" + LatinSkeleton(token);
            if (key.Length > 3 && !keys.Contains(key)) keys.Add(key);
        }
        return keys;
    }

    private static readonly HashSet<string> Articles = ["al", "el", "ال"];

    public static string NormalizeArabic(string token)
    {
        var result = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            if (c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640') continue; // diacritics, superscript alef, tatweel
            result.Append(c switch
            {
                'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                'ؤ' => 'و',
                'ئ' => 'ي',
                _ => c,
            });
        }
        var normalized = result.ToString();
        // The definite article: "الحسن" and "حسن" are the same name for matching.
        return normalized.Length > 4 && normalized.StartsWith("ال", StringComparison.Ordinal) ? normalized[2..] : normalized;
    }

    /// <summary>Lower case, accents removed, inner vowels and doubled letters dropped, a few transliteration pairs unified.</summary>
    public static string LatinSkeleton(string token)
    {
        var plain = new StringBuilder();
        foreach (var c in token.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetter(c)) plain.Append(char.ToLowerInvariant(c));
        }
        var word = plain.ToString().Replace("ph", "f").Replace("q", "k").Replace("ou", "u").Replace("ch", "sh");
        if (word.StartsWith("al", StringComparison.Ordinal) && word.Length > 4) word = word[2..];
        if (word.StartsWith("el", StringComparison.Ordinal) && word.Length > 4) word = word[2..];

        var skeleton = new StringBuilder();
        foreach (var c in word)
        {
            // An initial vowel stays, as one letter: Omar and Umar, Ibrahim and Ebrahim, and Ali keeps a key.
            if (skeleton.Length == 0 && "aeiou".Contains(c)) { skeleton.Append('a'); continue; }
            if ("aeiouy".Contains(c)) continue;
            if (skeleton.Length > 0 && skeleton[^1] == c) continue;
            skeleton.Append(c);
        }
        return skeleton.ToString();
    }

    private static bool IsArabic(string token) => token.Any(c => c is >= '\u0600' and <= '\u06FF');
}
