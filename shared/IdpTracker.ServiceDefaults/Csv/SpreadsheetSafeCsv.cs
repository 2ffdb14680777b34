using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace IdpTracker.ServiceDefaults.Csv;

/// <summary>
/// CSV that a spreadsheet opens as data, never as formulas. A field that starts with = + - @ TAB or CR (a centre named
/// <c>=HYPERLINK(...)</c>, a name typed as <c>@SUM(...)</c>) is quoted and prefixed with an apostrophe, as the OWASP
/// guidance on CSV injection asks. A phone number (<c>+963 944 551 203</c>) is left as written: made only of digits,
/// spaces and one leading plus, it can call nothing and refer to no cell, and the people reading the list need it as it is.
/// </summary>
public static partial class SpreadsheetSafeCsv
{
    public static CsvConfiguration Settings { get; } = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    public static CsvWriter Writer(TextWriter writer)
    {
        var csv = new PhoneFriendlyCsvWriter(writer);
        // ISO dates: 03/04/2026 is March in one office and April in the next.
        csv.Context.TypeConverterOptionsCache.GetOptions<DateOnly>().Formats = ["yyyy-MM-dd"];
        csv.Context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = ["O"];
        return csv;
    }

    [GeneratedRegex(@"^\+[0-9][0-9 ]*$")]
    private static partial Regex PhoneNumber();

    private sealed class PhoneFriendlyCsvWriter(TextWriter writer) : CsvWriter(writer, Settings)
    {
        protected override string? SanitizeForInjection(string? field) =>
            field is not null && PhoneNumber().IsMatch(field) ? field : base.SanitizeForInjection(field);
    }
}
