using System.Globalization;
using System.Text;

namespace IdpTracker.Registration.Model;

/// <summary>
/// Matching keys for names, so a search or a duplicate check finds spelling variants (docs/domain.md, "Names:
/// matching keys"). Each part of a name gives two keys:
/// - a key in its own script ("ar:" or "lt:"): Arabic written with or without diacritics, tatweel, hamza on alef,
///   taa marbuta or alef maqsura; Latin transliterations that differ in their vowels or doubled letters;
/// - a phonetic key ("ph:") that Arabic and Latin script share: the consonants as a transliteration would write them,
///   in classes that field workers' spellings do not tell apart, so "محمد الأحمد" and "Mohammed Al-Ahmad" meet.
/// Keys are what gets hashed into the blind index; they are never stored in clear.
/// </summary>
public static class NameKeys
{
    /// <summary>Raised whenever the keys a name gives change: households indexed with an older version are indexed again.</summary>
    public const int Version = 2;

    public const string PhoneticPrefix = "ph:";

    public static IReadOnlyList<string> For(string? name)
    {
        var keys = new List<string>();
        foreach (var part in Parts(name))
        {
            var script = IsArabic(part) ? "ar:" + NormalizeArabic(part) : "lt:" + LatinSkeleton(part);
            if (script.Length > 3 && !keys.Contains(script)) keys.Add(script);
            var phonetic = PhoneticPrefix + Phonetic(part);
            if (phonetic.Length > PhoneticPrefix.Length && !keys.Contains(phonetic)) keys.Add(phonetic);
        }
        return keys;
    }

    /// <summary>Only the keys both scripts share: what duplicate matching weighs.</summary>
    public static IReadOnlyList<string> PhoneticFor(string? name) => For(name).Where(IsPhonetic).ToList();

    public static bool IsPhonetic(string key) => key.StartsWith(PhoneticPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The parts of a name that say who someone is: articles and connectives dropped ("Al", "bin"), and the
    /// servant names written in one part whatever the spacing ("Abd al-Rahman", "Abdul Rahman", "عبد الرحمن").
    /// </summary>
    public static IEnumerable<string> Parts(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        // An apostrophe inside a part is an ʿayn or a hamza (Sa'ad, Ma'moun), not a space: it is dropped with the vowels.
        var tokens = name.Split([' ', '-', '.', ',', '_', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (IsServantPrefix(token) && i + 1 < tokens.Length)
            {
                // "Abd" belongs with the name after it, over an article between them: "Abd al-Rahman".
                var next = i + 1;
                if (next + 1 < tokens.Length && Articles.Contains(tokens[next].ToLowerInvariant())) next++;
                yield return ServantName(token + tokens[next]);
                i = next;
                continue;
            }
            if (token.Length < 2 || Articles.Contains(token.ToLowerInvariant())) continue;
            var servant = token.StartsWith("abd", StringComparison.OrdinalIgnoreCase) || token.StartsWith("عبد", StringComparison.Ordinal);
            yield return servant ? ServantName(token) : token;
        }
    }

    // Articles (with the sun letters' assimilated forms: ar-Rashid, as-Sayed) and "son of" say nothing about who someone is.
    private static readonly HashSet<string> Articles = ["al", "el", "ul", "ar", "as", "ash", "ad", "at", "an", "az", "ال", "bin", "ibn", "ben", "بن", "ابن"];

    private static readonly HashSet<string> ServantPrefixes = ["abd", "abdul", "abdel", "abdal", "abdol", "abdu", "عبد"];

    private static bool IsServantPrefix(string token) => ServantPrefixes.Contains(token.ToLowerInvariant());

    /// <summary>"Abdulrahman", "Abdurrahman", "Abdelrahman" and "عبدالرحمن" all become "Abd" followed by "rahman".</summary>
    private static string ServantName(string joined)
    {
        if (joined.StartsWith("عبد", StringComparison.Ordinal))
        {
            var rest = joined[3..];
            return "عبد" + (rest.StartsWith("ال", StringComparison.Ordinal) && rest.Length > 2 ? rest[2..] : rest);
        }
        var tail = joined[3..].ToLowerInvariant();
        if (tail.Length > 1 && "aeiou".Contains(tail[0])) tail = tail[1..];
        if (tail.Length > 1 && tail[0] == 'l') tail = tail[1..];
        return "abd" + tail;
    }

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
        var word = PlainLatin(token).Replace("ph", "f").Replace("q", "k").Replace("ou", "u").Replace("ch", "sh");
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

    /// <summary>
    /// The consonants of a name part in classes both scripts reach (docs/domain.md, "Names: matching keys"): an initial
    /// vowel or ʿayn as "a", other vowels and the half-vowels w/y (و ي) dropped, h-sounds (ح ه) as "h", k-sounds
    /// (ك ق خ; k q x kh) as "k", Kurmanji's c as "j", s-sounds (س ص ش; s sh ch) as "s", t-sounds (ت ط ث; t th) as "t", d-sounds
    /// (د ض ذ; d dh) as "d", doubled letters once, an h after t s k d g f dropped (a digraph in one script, two letters in
    /// the other), and a final h dropped (ة, and "Fatimah" against "Fatima").
    /// </summary>
    public static string Phonetic(string token)
    {
        var classes = new StringBuilder();
        if (IsArabic(token))
        {
            var word = NormalizeArabic(token);
            foreach (var c in word) classes.Append(ArabicClass(c));
        }
        else
        {
            var word = PlainLatin(token.Replace('ç', 'j').Replace('Ç', 'j').Replace('ş', 's').Replace('Ş', 's'));
            if (word.Length > 4 && (word.StartsWith("al", StringComparison.Ordinal) || word.StartsWith("el", StringComparison.Ordinal))) word = word[2..];
            for (var i = 0; i < word.Length; i++)
            {
                var pair = i + 1 < word.Length ? word.Substring(i, 2) : "";
                var digraph = pair switch
                {
                    "kh" => 'k', "gh" => 'g', "sh" or "ch" => 's', "th" => 't', "dh" => 'd', "ph" => 'f', "dj" or "zh" => 'j',
                    _ => '\0',
                };
                if (digraph != '\0') { classes.Append(digraph); i++; continue; }
                classes.Append(LatinClass(word[i]));
            }
        }

        var key = new StringBuilder();
        for (var i = 0; i < classes.Length; i++)
        {
            var c = classes[i];
            if (c == 'V')
            {
                if (key.Length == 0 && i == 0) key.Append('a');
                continue;
            }
            if (c == '\0' || key.Length > 0 && key[^1] == c) continue;
            // An h after t, s, k, d, g or f is part of a digraph in one script and a letter of its own in the other:
            // "Fathi" and "فتحي", "Ishaq" and "إسحاق".
            if (c == 'h' && key.Length > 0 && "tskdgf".Contains(key[^1])) continue;
            key.Append(c);
        }
        if (key.Length > 2 && key[^1] == 'h') key.Length--;
        return key.ToString();
    }

    /// <summary>'V' for a vowel or half-vowel, '\0' for a letter that says nothing.</summary>
    private static char ArabicClass(char c) => c switch
    {
        'ا' or 'ع' or 'ء' or 'و' or 'ي' or 'ی' or 'ۆ' or 'ێ' or 'ە' => 'V',
        'ب' or 'پ' => 'b',
        'ت' or 'ط' or 'ث' => 't',
        'ج' or 'چ' or 'ژ' => 'j',
        'ح' or 'ه' or 'ھ' => 'h',
        'خ' or 'ق' or 'ك' or 'ک' => 'k',
        'د' or 'ض' or 'ذ' => 'd',
        'ر' or 'ڕ' => 'r',
        'ز' or 'ظ' => 'z',
        'س' or 'ص' or 'ش' => 's',
        'غ' or 'گ' => 'g',
        'ف' or 'ڤ' => 'f',
        'ل' or 'ڵ' => 'l',
        'م' => 'm',
        'ن' => 'n',
        _ => '\0',
    };

    private static char LatinClass(char c) => c switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'w' => 'V',
        // Kurmanji's Latin alphabet writes j as c (Cîhan) and kh as x (Xalid).
        'c' => 'j',
        'k' or 'q' or 'x' => 'k',
        'p' => 'b',
        'v' => 'f',
        >= 'a' and <= 'z' => c,
        _ => '\0',
    };

    private static string PlainLatin(string token)
    {
        var plain = new StringBuilder();
        foreach (var c in token.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetter(c)) plain.Append(char.ToLowerInvariant(c));
        }
        return plain.ToString();
    }

    private static bool IsArabic(string token) => token.Any(c => c is >= '\u0600' and <= '\u06FF');
}

/// <summary>The key a phone number is matched by: its last nine digits, so "+963 944 123 456" and "0944123456" meet.</summary>
public static class PhoneKeys
{
    public static string? For(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 6 ? null : "tel:" + (digits.Length > 9 ? digits[^9..] : digits);
    }
}
