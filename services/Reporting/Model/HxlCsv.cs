using System.Globalization;
using CsvHelper;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// The report as HXL-tagged CSV for partners' own tools: a header row, a row of HXL hashtags, a row per centre and a
/// total row. Every count is the one the e-mail shows, after the same suppression ("&lt;5", "x").
/// </summary>
public static class HxlCsv
{
    private static readonly (string Header, string Tag)[] Columns =
    [
        ("Date reported", "#date+reported"),
        ("Governorate", "#adm1+name"),
        ("District code", "#adm2+code"),
        ("District", "#adm2+name"),
        ("Reception centre", "#loc+name"),
        ("Displaced people", "#affected+idps+ind"),
        ("Households", "#affected+hh"),
        ("Girls (0-17)", "#affected+f+children"),
        ("Boys (0-17)", "#affected+m+children"),
        ("Older women (60+)", "#affected+f+elderly"),
        ("Older men (60+)", "#affected+m+elderly"),
    ];

    public static string Render(SuppressedTables t, DateOnly reportedOn)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var (header, _) in Columns) csv.WriteField(header);
        csv.NextRecord();
        foreach (var (_, tag) in Columns) csv.WriteField(tag);
        csv.NextRecord();

        var date = reportedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (figure, households, people) in t.Centres)
        {
            // Sex and age are not broken down per centre: a centre's few people would be too easy to single out.
            WriteRow(csv, date, figure.Adm1Name, figure.Adm2Code ?? "", figure.Adm2Name, figure.Name, t.Cells.Display(people), t.Cells.Display(households), "", "", "", "");
        }
        WriteRow(csv, date, "", "", "", "Total", t.Cells.Display(t.People), t.Cells.Display(t.Households), t.Cells.Display(t.FemaleChildren),
            t.Cells.Display(t.MaleChildren), t.Cells.Display(t.FemaleElderly), t.Cells.Display(t.MaleElderly));
        csv.Flush();
        return writer.ToString();
    }

    private static void WriteRow(CsvWriter csv, params string[] fields)
    {
        foreach (var field in fields) csv.WriteField(field);
        csv.NextRecord();
    }
}
