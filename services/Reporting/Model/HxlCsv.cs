using System.Globalization;
using CsvHelper;
using IdpTracker.ServiceDefaults.Csv;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// The report as HXL-tagged CSV for partners' own tools: a header row, a row of HXL hashtags, a row per centre and a
/// total row. Every count is the one the e-mail shows, after the same suppression ("&lt;5", "x"). Sex and age, returns
/// and sector figures are given for the whole scope only, on the total row.
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
        ("Displaced people in centres", "#affected+idps+ind"),
        ("Households in centres", "#affected+hh"),
        ("Girls (0-17)", "#affected+f+children"),
        ("Boys (0-17)", "#affected+m+children"),
        ("Older women (60+)", "#affected+f+elderly"),
        ("Older men (60+)", "#affected+m+elderly"),
        ("Returned home", "#affected+returnees+ind"),
        ("Shelter: in need", "#inneed+ind+shelter"),
        ("Winterization: in need", "#inneed+ind+nfi"),
        ("Winterization: targeted", "#targeted+ind+nfi"),
        ("Winterization: reached", "#reached+ind+nfi"),
        ("Heating: in need", "#inneed+ind+heating"),
        ("Heating: reached", "#reached+ind+heating"),
        ("WASH: in need", "#inneed+ind+wash"),
    ];

    public static string Render(SuppressedTables t, DateOnly reportedOn)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = SpreadsheetSafeCsv.Writer(writer);
        foreach (var (header, _) in Columns) csv.WriteField(header);
        csv.NextRecord();
        foreach (var (_, tag) in Columns) csv.WriteField(tag);
        csv.NextRecord();

        var date = reportedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (figure, households, people) in t.Centres)
        {
            // Sex and age are not broken down per centre: a centre's few people would be too easy to single out.
            var row = new List<string> { date, figure.Adm1Name, figure.Adm2Code ?? "", figure.Adm2Name, figure.Name, t.Display(people), t.Display(households) };
            while (row.Count < Columns.Length) row.Add("");
            WriteRow(csv, row);
        }
        string Sector(string name, Func<SectorCells, int?> cell) =>
            t.Sectors.FirstOrDefault(s => s.Figure.Sector == name) is { } sector && cell(sector) is { } id ? t.Display(id) : "";
        WriteRow(csv, [date, "", "", "", "Total", t.Display(t.People), t.Display(t.Households), t.Display(t.FemaleChildren),
            t.Display(t.MaleChildren), t.Display(t.FemaleElderly), t.Display(t.MaleElderly), t.Display(t.ReturnedPeople),
            Sector("shelter", s => s.InNeed.Totals.Total), Sector("winterization", s => s.InNeed.Totals.Total),
            Sector("winterization", s => s.Targeted), Sector("winterization", s => s.Reached?.Totals.Total),
            Sector("heating", s => s.InNeed.Totals.Total), Sector("heating", s => s.Reached?.Totals.Total), Sector("wash", s => s.InNeed.Totals.Total)]);
        csv.Flush();
        return writer.ToString();
    }

    private static void WriteRow(CsvWriter csv, IEnumerable<string> fields)
    {
        foreach (var field in fields) csv.WriteField(field);
        csv.NextRecord();
    }
}
