using System.Net;
using System.Text;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// The HTML edition: one self-contained page (styles inline, charts as data: images) that reads the same in a browser
/// and in an e-mail; Notifications turns the images into inline attachments for mail clients that block data: URLs.
/// </summary>
public static class ReportHtml
{
    private const string Style =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1a1a1a;max-width:760px;margin:0 auto;padding:12px;line-height:1.4}" +
        "h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #0b5ea8;color:#0b5ea8}" +
        ".legend{font-size:.85em;color:#555}table{border-collapse:collapse;width:100%;margin:.4em 0 1em}" +
        "th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:end}th:first-child,td:first-child{text-align:start}" +
        "thead th{background:#eef2f6}tr.total th,tr.total td{font-weight:bold;border-top:2px solid #999}" +
        "figure{margin:.6em 0 1.2em}figure img{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}";

    public static string Write(ReportDocument document, string title)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(document.Language).Append("\" dir=\"").Append(document.RightToLeft ? "rtl" : "ltr")
            .Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>").Append(Encode(title))
            .Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(Encode(document.Title)).Append("</h1><p>").Append(Encode(document.Subtitle)).Append("</p>")
            .Append("<p class=\"legend\">").Append(Encode(document.Legend)).Append("</p>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    html.Append("<h2>").Append(Encode(heading.Text)).Append("</h2>");
                    break;
                case ReportParagraph paragraph:
                    html.Append("<p>").Append(Encode(paragraph.Text)).Append("</p>");
                    break;
                case ReportBullets bullets:
                    html.Append("<ul>");
                    foreach (var item in bullets.Items) html.Append("<li>").Append(Encode(item)).Append("</li>");
                    html.Append("</ul>");
                    break;
                case ReportTable table:
                    html.Append("<table><thead><tr>");
                    foreach (var header in table.Header) html.Append("<th scope=\"col\">").Append(Encode(header)).Append("</th>");
                    html.Append("</tr></thead><tbody>");
                    foreach (var row in table.Rows)
                    {
                        html.Append(row.IsTotal ? "<tr class=\"total\">" : "<tr>");
                        for (var i = 0; i < row.Cells.Count; i++)
                        {
                            var tag = i == 0 ? "th" : "td";
                            html.Append('<').Append(tag).Append(i == 0 ? " scope=\"row\"" : "");
                            // Numbers, ranges ("18-59") and "<5" keep their left-to-right order inside a right-to-left page.
                            if (document.RightToLeft && !ReportTypesetter.HasRightToLeftLetters(row.Cells[i])) html.Append(" dir=\"ltr\"");
                            html.Append('>').Append(Encode(row.Cells[i])).Append("</").Append(tag).Append('>');
                        }
                        html.Append("</tr>");
                    }
                    html.Append("</tbody></table>");
                    break;
                case ReportChart chart:
                    html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png)).Append("\" alt=\"")
                        .Append(Encode(chart.Description)).Append("\" width=\"720\"><figcaption>").Append(Encode(chart.Title)).Append("</figcaption></figure>");
                    break;
            }
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
