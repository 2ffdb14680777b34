using System.Globalization;
using System.Net;
using System.Text;

namespace IdpTracker.Reporting.Model;

public sealed record RenderedReport(string Subject, string Html, string Text);

/// <summary>
/// Turns figures into the donor e-mail. Every count goes through <see cref="SmallCells"/> first:
/// what a donor reads is aggregates only.
/// </summary>
public static class SituationReportRenderer
{
    public static RenderedReport Render(ReportFigures figures, string organisation, DateTimeOffset occurrenceLocal)
    {
        var date = occurrenceLocal.ToString("d MMMM yyyy HH:mm zzz", CultureInfo.InvariantCulture);
        var subject = $"IdpTracker situation report for {organisation}, {occurrenceLocal:yyyy-MM-dd}";

        var keyFigures = new (string Label, int Value)[]
        {
            ("Displaced people in reception centres", figures.People),
            ("Households", figures.Households),
            ("Women and girls", figures.Female),
            ("Men and boys", figures.Male),
        };

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head><body>")
            .Append("<h1>Situation report</h1><p>Figures as of ").Append(Encode(date)).Append(". Counts from 1 to 4 are shown as &lt;5 to protect the people counted.</p>")
            .Append("<h2>Key figures</h2><table><tbody>");
        foreach (var (label, value) in keyFigures)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(label)).Append("</th><td>").Append(Encode(SmallCells.Show(value))).Append("</td></tr>");
        }
        html.Append("</tbody></table><h2>People by age and sex</h2><table><thead><tr><th>Age</th><th>Female</th><th>Male</th><th>Total</th></tr></thead><tbody>");
        foreach (var row in figures.ByAgeBracket)
        {
            html.Append("<tr><th scope=\"row\">").Append(row.Bracket).Append("</th><td>").Append(Encode(SmallCells.Show(row.Female)))
                .Append("</td><td>").Append(Encode(SmallCells.Show(row.Male))).Append("</td><td>").Append(Encode(SmallCells.Show(row.Total))).Append("</td></tr>");
        }
        html.Append("</tbody></table><h2>Reception centres</h2><table><thead><tr><th>Centre</th><th>District</th><th>Households</th><th>People</th><th>Night capacity</th></tr></thead><tbody>");
        foreach (var center in figures.Centers)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(center.Name)).Append("</th><td>").Append(Encode(center.Adm2Name))
                .Append("</td><td>").Append(Encode(SmallCells.Show(center.Households))).Append("</td><td>").Append(Encode(SmallCells.Show(center.People)))
                .Append("</td><td>").Append(center.NightCapacity.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</tbody></table></body></html>");

        var text = new StringBuilder()
            .AppendLine("Situation report").AppendLine($"Figures as of {date}. Counts from 1 to 4 are shown as <5.").AppendLine()
            .AppendLine("Key figures");
        foreach (var (label, value) in keyFigures) text.AppendLine($"  {label}: {SmallCells.Show(value)}");
        text.AppendLine().AppendLine("People by age and sex (female / male / total)");
        foreach (var row in figures.ByAgeBracket)
        {
            text.AppendLine($"  {row.Bracket}: {SmallCells.Show(row.Female)} / {SmallCells.Show(row.Male)} / {SmallCells.Show(row.Total)}");
        }
        text.AppendLine().AppendLine("Reception centres (households / people / night capacity)");
        foreach (var center in figures.Centers)
        {
            text.AppendLine($"  {center.Name}, {center.Adm2Name}: {SmallCells.Show(center.Households)} / {SmallCells.Show(center.People)} / {center.NightCapacity}");
        }

        return new RenderedReport(subject, html.ToString(), text.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
