using System.Globalization;
using System.Net;
using System.Text;

namespace IdpTracker.Reporting.Model;

public sealed record RenderedReport(string Subject, string Html, string Text, string Csv);

/// <summary>
/// Turns figures into the donor e-mail. Every count a reader sees is first declared to <see cref="SmallCells"/> with
/// the sums it takes part in (key figures, the age and sex table with its totals, the centres against the key
/// figures), so small counts are hidden and cannot be worked out from the totals either.
/// </summary>
public static class SituationReportRenderer
{
    public static RenderedReport Render(ReportFigures figures, string organisation, DateTimeOffset occurrenceLocal, ReportLanguage? language = null)
    {
        var l = language ?? ReportLanguage.English;
        var arabic = l == ReportLanguage.Arabic;
        var date = arabic
            ? occurrenceLocal.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)
            : occurrenceLocal.ToString("d MMMM yyyy HH:mm zzz", CultureInfo.InvariantCulture);
        var subject = string.Format(CultureInfo.InvariantCulture, l.SubjectFormat, organisation, occurrenceLocal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var t = SuppressedTables.For(figures);
        var cells = t.Cells;
        string CentreName(CenterFigure c) => arabic && !string.IsNullOrWhiteSpace(c.NameArabic) ? c.NameArabic : c.Name;

        var keyFigures = new (string Label, int Id)[]
        {
            (l.DisplacedPeople, t.People),
            (l.Households, t.Households),
            (l.WomenAndGirls, t.Female),
            (l.MenAndBoys, t.Male),
            (l.SexNotRecorded, t.Unknown),
        };

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(l.Code).Append("\" dir=\"").Append(l.Direction).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(subject)).Append("</title></head><body>")
            .Append("<h1>").Append(Encode(l.Title)).Append("</h1><p>").Append(Encode(string.Format(CultureInfo.InvariantCulture, l.FiguresAsOf, date)))
            .Append("</p><p>").Append(Encode(l.Legend)).Append("</p>")
            .Append("<h2>").Append(Encode(l.KeyFigures)).Append("</h2><table><tbody>");
        foreach (var (label, id) in keyFigures)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(label)).Append("</th><td>").Append(Encode(cells.Display(id))).Append("</td></tr>");
        }
        html.Append("</tbody></table><h2>").Append(Encode(l.ByAgeAndSex)).Append("</h2><table><thead><tr>");
        foreach (var header in new[] { l.Age, l.Female, l.Male, l.NotRecorded, l.Total }) html.Append("<th>").Append(Encode(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in t.Brackets)
        {
            // Brackets are ranges of numbers ("18-59"): kept left to right inside a right-to-left page.
            html.Append("<tr><th scope=\"row\" dir=\"ltr\">").Append(row.Bracket).Append("</th>");
            foreach (var id in new[] { row.Female, row.Male, row.Unknown, row.Total }) html.Append("<td>").Append(Encode(cells.Display(id))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table><h2>").Append(Encode(l.ReceptionCentres)).Append("</h2><table><thead><tr>");
        foreach (var header in new[] { l.Centre, l.District, l.Households, l.People, l.NightCapacity }) html.Append("<th>").Append(Encode(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var centre in t.Centres)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(CentreName(centre.Figure))).Append("</th><td>").Append(Encode(centre.Figure.Adm2Name))
                .Append("</td><td>").Append(Encode(cells.Display(centre.Households))).Append("</td><td>").Append(Encode(cells.Display(centre.People)))
                .Append("</td><td>").Append(centre.Figure.NightCapacity.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</tbody></table></body></html>");

        var text = new StringBuilder()
            .AppendLine(l.Title).AppendLine(string.Format(CultureInfo.InvariantCulture, l.FiguresAsOf, date)).AppendLine(l.Legend).AppendLine()
            .AppendLine(l.KeyFigures);
        foreach (var (label, id) in keyFigures) text.AppendLine($"  {label}: {cells.Display(id)}");
        text.AppendLine().AppendLine($"{l.ByAgeAndSex} ({l.Female} / {l.Male} / {l.NotRecorded} / {l.Total})");
        foreach (var row in t.Brackets)
        {
            text.AppendLine($"  {row.Bracket}: {cells.Display(row.Female)} / {cells.Display(row.Male)} / {cells.Display(row.Unknown)} / {cells.Display(row.Total)}");
        }
        text.AppendLine().AppendLine($"{l.ReceptionCentres} ({l.Households} / {l.People} / {l.NightCapacity})");
        foreach (var centre in t.Centres)
        {
            text.AppendLine($"  {CentreName(centre.Figure)}, {centre.Figure.Adm2Name}: {cells.Display(centre.Households)} / {cells.Display(centre.People)} / {centre.Figure.NightCapacity}");
        }

        return new RenderedReport(subject, html.ToString(), text.ToString(), HxlCsv.Render(t, DateOnly.FromDateTime(occurrenceLocal.DateTime)));
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>The report's counts, each declared once with every sum it takes part in; the ids say what to show.</summary>
public sealed record SuppressedTables(SmallCells Cells, int People, int Households, int Female, int Male, int Unknown,
    IReadOnlyList<(string Bracket, int Female, int Male, int Unknown, int Total)> Brackets,
    IReadOnlyList<(CenterFigure Figure, int Households, int People)> Centres,
    int FemaleChildren, int MaleChildren, int FemaleElderly, int MaleElderly)
{
    public static SuppressedTables For(ReportFigures figures)
    {
        var cells = new SmallCells();
        int people = cells.Count(figures.People), households = cells.Count(figures.Households);
        int female = cells.Count(figures.Female), male = cells.Count(figures.Male), unknown = cells.Count(figures.UnknownSex);
        cells.Sum(people, female, male, unknown);

        var brackets = figures.ByAgeBracket.Select(b => (b.Bracket, Female: cells.Count(b.Female), Male: cells.Count(b.Male), Unknown: cells.Count(b.Unknown), Total: cells.Count(b.Total))).ToList();
        foreach (var b in brackets) cells.Sum(b.Total, b.Female, b.Male, b.Unknown);
        cells.Sum(female, brackets.Select(b => b.Female).ToArray());
        cells.Sum(male, brackets.Select(b => b.Male).ToArray());
        cells.Sum(unknown, brackets.Select(b => b.Unknown).ToArray());
        cells.Sum(people, brackets.Select(b => b.Total).ToArray());

        var centres = figures.Centers.Select(c => (c, Households: cells.Count(c.Households), People: cells.Count(c.People))).ToList();
        if (centres.Count > 0)
        {
            cells.Sum(households, centres.Select(c => c.Households).ToArray());
            cells.Sum(people, centres.Select(c => c.People).ToArray());
        }
        // Children (0-17) and older people (60+) by sex, for the HXL copy: sums of the bracket cells, declared as such.
        int Sum(Func<(string Bracket, int Female, int Male, int Unknown, int Total), int> cell, params string[] names)
        {
            var parts = brackets.Where(b => names.Contains(b.Bracket)).Select(cell).ToArray();
            var id = cells.Count(parts.Sum(p => cells.ValueOf(p)));
            cells.Sum(id, parts);
            return id;
        }
        string[] children = ["0-4", "5-11", "12-17"];
        var femaleChildren = Sum(b => b.Female, children);
        var maleChildren = Sum(b => b.Male, children);
        var femaleElderly = Sum(b => b.Female, "60+");
        var maleElderly = Sum(b => b.Male, "60+");
        // Women and girls = girls + women 18-59 + older women: published together, so declared together.
        var adults = brackets.Single(b => b.Bracket == "18-59");
        cells.Sum(female, femaleChildren, adults.Female, femaleElderly);
        cells.Sum(male, maleChildren, adults.Male, maleElderly);
        return new SuppressedTables(cells, people, households, female, male, unknown, brackets, centres, femaleChildren, maleChildren, femaleElderly, maleElderly);
    }
}
