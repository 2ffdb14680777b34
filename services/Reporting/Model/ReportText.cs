using System.Text;

namespace IdpTracker.Reporting.Model;

/// <summary>The plain-text edition, for the text part of the e-mail: tables as "row: a / b / c" under their column names.</summary>
public static class ReportText
{
    public static string Write(ReportDocument document)
    {
        var text = new StringBuilder().AppendLine(document.Title).AppendLine(document.Subtitle).AppendLine(document.Legend);
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    text.AppendLine().AppendLine(heading.Text.ToUpperInvariant());
                    break;
                case ReportParagraph paragraph:
                    text.AppendLine(paragraph.Text);
                    break;
                case ReportBullets bullets:
                    foreach (var item in bullets.Items) text.Append("- ").AppendLine(item);
                    break;
                case ReportTable table:
                    text.Append("  (").AppendJoin(" / ", table.Header.Skip(1)).AppendLine(")");
                    foreach (var row in table.Rows) text.Append("  ").Append(row.Cells[0]).Append(": ").AppendJoin(" / ", row.Cells.Skip(1)).AppendLine();
                    break;
                case ReportChart chart:
                    text.AppendLine(chart.Description);
                    break;
            }
        }
        return text.ToString();
    }
}
