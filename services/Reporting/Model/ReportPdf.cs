using SkiaSharp;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// The PDF edition: A4 pages laid out from the <see cref="ReportDocument"/>, mirrored for right-to-left languages, with
/// text shaped by HarfBuzz and kept as text (searchable, copyable), tables that repeat their header on each page and
/// charts as images. Written with Skia's PDF backend because, shaped by HarfBuzz, it can set Arabic.
/// </summary>
public static class ReportPdf
{
    private const float PageWidth = 595.28f; // A4 in points
    private const float PageHeight = 841.89f;
    private const float Margin = 18 / 25.4f * 72;
    private const float ContentWidth = PageWidth - 2 * Margin;
    private const float LineSpacing = 1.35f;

    private static readonly TextStyle TitleStyle = new(20, Bold: true);
    private static readonly TextStyle SubtitleStyle = new(10.5f);
    private static readonly TextStyle LegendStyle = new(8);
    private static readonly TextStyle HeadingStyle = new(13, Bold: true);
    private static readonly TextStyle BodyStyle = new(9.5f);
    private static readonly float[] CellSizes = [8.5f, 8, 7.5f, 7, 6.5f];
    private static readonly TextStyle FooterStyle = new(8);

    // The HTML edition's colours, so the two read alike.
    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor Accent = new(0x0B, 0x5E, 0xA8);
    private static readonly SKColor HeaderFill = new(0xEE, 0xF2, 0xF6);
    private static readonly SKColor Rule = new(0xDD, 0xDD, 0xDD);
    private static readonly SKColor TotalRule = new(0x99, 0x99, 0x99);

    public static byte[] Write(ReportDocument document)
    {
        using var typesetter = new ReportTypesetter();
        using var layout = new PageLayout(typesetter, document.RightToLeft);
        layout.Paragraph(document.Title, TitleStyle, Ink);
        layout.Space(2);
        layout.Paragraph(document.Subtitle, SubtitleStyle, Ink);
        layout.Space(2);
        layout.Paragraph(document.Legend, LegendStyle, Muted);
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    layout.Heading(heading.Text);
                    break;
                case ReportParagraph paragraph:
                    layout.Paragraph(paragraph.Text, BodyStyle, Ink);
                    layout.Space(5);
                    break;
                case ReportBullets bullets:
                    foreach (var item in bullets.Items)
                    {
                        layout.Paragraph(item, BodyStyle, Ink, bullet: true);
                        layout.Space(2);
                    }
                    layout.Space(3);
                    break;
                case ReportTable table:
                    layout.Table(table);
                    layout.Space(10);
                    break;
                case ReportChart chart:
                    layout.Chart(chart);
                    layout.Space(10);
                    break;
            }
        }
        layout.NumberPages();
        typesetter.KeepOnlyShapedGlyphs();
        return Render(layout.Pages, document);
    }

    private static byte[] Render(IReadOnlyList<List<Action<SKCanvas>>> pages, ReportDocument document)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = document.Title;
        metadata.Subject = document.Subtitle;
        metadata.Creator = "IdpTracker";
        // Creation and modification dates stay unset, so the same document always gives the same bytes.
        using var stream = new SKDynamicMemoryWStream();
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            foreach (var page in pages)
            {
                var canvas = pdf.BeginPage(PageWidth, PageHeight);
                foreach (var draw in page)
                {
                    draw(canvas);
                }
                pdf.EndPage();
            }
            pdf.Close();
        }
        using var data = stream.DetachAsData();
        return data.ToArray();
    }

    /// <summary>
    /// Places blocks down the pages, starting a new page when the next piece does not fit. Each page is kept as a list of
    /// drawing steps, drawn once the number of pages is known and the fonts are cut down to the glyphs used.
    /// </summary>
    private sealed class PageLayout(ReportTypesetter typesetter, bool rightToLeft) : IDisposable
    {
        private const float Top = Margin;
        private const float Bottom = PageHeight - Margin;
        private const float BulletIndent = 12;
        private const float SpaceAboveHeading = 14;
        private const float CellPaddingX = 4;
        private const float CellPaddingY = 3;

        private readonly List<SKImage> images = [];
        private float y = Top;

        public List<List<Action<SKCanvas>>> Pages { get; } = [[]];

        private List<Action<SKCanvas>> Page => Pages[^1];

        public void Space(float height) => y += height;

        public void Paragraph(string text, TextStyle style, SKColor color, bool bullet = false)
        {
            var indent = bullet ? BulletIndent : 0;
            var lineHeight = LineHeight(style);
            var first = true;
            foreach (var line in typesetter.Wrap(text, style, ContentWidth - indent))
            {
                Reserve(lineHeight);
                var top = y;
                if (first && bullet)
                {
                    var bulletLeft = rightToLeft ? PageWidth - Margin - indent : Margin;
                    DrawText("•", style, color, bulletLeft, bulletLeft + indent, top, alignStart: true);
                }
                DrawText(line, style, color, Margin + (rightToLeft ? 0 : indent), PageWidth - Margin - (rightToLeft ? indent : 0), top, alignStart: true);
                y += lineHeight;
                first = false;
            }
        }

        public void Heading(string text)
        {
            // A heading stays with at least a few lines of what it introduces.
            Reserve(SpaceAboveHeading + LineHeight(HeadingStyle) + 4 * LineHeight(BodyStyle));
            if (y > Top)
            {
                y += SpaceAboveHeading;
            }
            Paragraph(text, HeadingStyle, Accent);
            var rule = y + 1;
            Page.Add(canvas => DrawRule(canvas, rule, Accent, 1.2f));
            y += 6;
        }

        public void Table(ReportTable table)
        {
            var (style, widths) = LayOutColumns(table);
            if (widths.Length == 0)
            {
                return;
            }
            var bold = style with { Bold = true };
            var header = LayOutRow(table.Header, widths, bold, RowKind.Header);
            var rows = table.Rows.Select(row => row.IsTotal
                ? LayOutRow(row.Cells, widths, bold, RowKind.Total)
                : LayOutRow(row.Cells, widths, style, RowKind.Body)).ToList();

            // A short table is kept on one page; a long one starts where it is, with at least its first row.
            var height = header.Height + rows.Sum(row => row.Height);
            Reserve(height <= (Bottom - Top) / 3 ? height : header.Height + (rows.Count > 0 ? rows[0].Height : 0));
            DrawRow(header, widths);
            for (var i = 0; i < rows.Count; i++)
            {
                // A row is never split: it goes to the next page whole, under the header again. A closing total
                // takes the row before it along.
                var keep = rows[i].Height + (i == rows.Count - 2 && rows[^1].Kind == RowKind.Total ? rows[^1].Height : 0);
                if (y + keep > Bottom && y > Top)
                {
                    NewPage();
                    DrawRow(header, widths);
                }
                DrawRow(rows[i], widths);
            }
        }

        public void Chart(ReportChart chart)
        {
            var image = SKImage.FromEncodedData(chart.Png) ?? throw new ArgumentException($"The chart \"{chart.Title}\" is not a PNG image.", nameof(chart));
            images.Add(image);
            var height = ContentWidth * image.Height / image.Width;
            Reserve(height);
            var rect = SKRect.Create(Margin, y, ContentWidth, height);
            Page.Add(canvas => canvas.DrawImage(image, rect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)));
            y += height;
        }

        /// <summary>Adds "n / N" under each page.</summary>
        public void NumberPages()
        {
            for (var i = 0; i < Pages.Count; i++)
            {
                var line = typesetter.Shape($"{i + 1} / {Pages.Count}", FooterStyle, rightToLeft);
                Pages[i].Add(canvas => ReportTypesetter.Draw(canvas, line, (PageWidth - line.Width) / 2, PageHeight - Margin / 2, Muted));
            }
        }

        public void Dispose()
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }

        /// <summary>
        /// The cell style and column widths of a table: the largest size at which no number and no header word has to
        /// break; at the smallest size, header words break first.
        /// </summary>
        private (TextStyle Style, float[] Widths) LayOutColumns(ReportTable table)
        {
            foreach (var size in CellSizes)
            {
                var style = new TextStyle(size);
                var widths = ColumnWidths(table, style, keepHeaderWords: true, out var fits);
                if (fits)
                {
                    return (style, widths);
                }
            }
            var smallest = new TextStyle(CellSizes[^1]);
            return (smallest, ColumnWidths(table, smallest, keepHeaderWords: false, out _));
        }

        /// <summary>
        /// Other columns get the width of their widest cell (and header word, with <paramref name="keepHeaderWords"/>),
        /// the first column what is left: at least a fifth of the line, or its longest word up to half. Room to spare
        /// goes to unbroken header words, then to the first column's labels on one line, then to headers on one line.
        /// When the columns do not
        /// <paramref name="fits"/>, the other columns give way in proportion and their cells wrap.
        /// </summary>
        private float[] ColumnWidths(ReportTable table, TextStyle style, bool keepHeaderWords, out bool fits)
        {
            var count = Math.Max(table.Header.Count, table.Rows.Select(row => row.Cells.Count).DefaultIfEmpty(0).Max());
            fits = true;
            if (count == 0)
            {
                return [];
            }
            var bold = style with { Bold = true };
            float Natural(string text, TextStyle textStyle) => typesetter.Shape(text, textStyle, rightToLeft).Width + 2 * CellPaddingX;
            float Word(string text, TextStyle textStyle) => typesetter.LongestWord(text, textStyle) + 2 * CellPaddingX;
            string Cell(IReadOnlyList<string> cells, int column) => column < cells.Count ? cells[column] : "";
            var body = table.Rows.Select(row => (row.Cells, Style: row.IsTotal ? bold : style)).ToList();

            var widths = new float[count];
            var headerWord = new float[count];
            var headerNatural = new float[count];
            for (var column = 1; column < count; column++)
            {
                var header = Cell(table.Header, column);
                headerWord[column] = Word(header, bold);
                headerNatural[column] = Natural(header, bold);
                widths[column] = body.Select(row => Natural(Cell(row.Cells, column), row.Style))
                    .Append(keepHeaderWords ? headerWord[column] : 2 * CellPaddingX).Max();
            }
            var firstNatural = body.Select(row => Natural(Cell(row.Cells, 0), row.Style)).Append(Natural(Cell(table.Header, 0), bold)).Max();
            var firstLongestWord = body.Select(row => Word(Cell(row.Cells, 0), row.Style)).DefaultIfEmpty(0).Max();
            var firstMinimum = Math.Min(firstNatural, Math.Clamp(firstLongestWord, ContentWidth / 5, ContentWidth / 2));

            var others = widths.Sum();
            fits = firstMinimum + others <= ContentWidth;
            if (!fits)
            {
                var scale = (ContentWidth - firstMinimum) / others;
                for (var column = 1; column < count; column++)
                {
                    widths[column] *= scale;
                }
            }
            else
            {
                var spare = ContentWidth - others - firstMinimum;
                void Widen(float[] targets)
                {
                    for (var column = 1; column < count; column++)
                    {
                        var widen = Math.Clamp(targets[column] - widths[column], 0, spare);
                        widths[column] += widen;
                        spare -= widen;
                    }
                }
                Widen(headerWord);
                spare -= Math.Min(spare, firstNatural - firstMinimum);
                Widen(headerNatural);
            }
            widths[0] = ContentWidth - widths.Skip(1).Sum();
            return widths;
        }

        private RowLayout LayOutRow(IReadOnlyList<string> cells, float[] widths, TextStyle style, RowKind kind)
        {
            var lines = widths.Select((width, column) =>
                column < cells.Count ? typesetter.Wrap(cells[column], style, width - 2 * CellPaddingX) : []).ToList();
            var height = lines.Max(cellLines => cellLines.Count) * LineHeight(style) + 2 * CellPaddingY;
            return new RowLayout(lines, height, style, kind);
        }

        private void DrawRow(RowLayout row, float[] widths)
        {
            var top = y;
            var bottom = top + row.Height;
            if (row.Kind == RowKind.Header)
            {
                Page.Add(canvas =>
                {
                    using var fill = new SKPaint { Color = HeaderFill };
                    canvas.DrawRect(Margin, top, ContentWidth, row.Height, fill);
                });
            }
            if (row.Kind == RowKind.Total)
            {
                Page.Add(canvas => DrawRule(canvas, top, TotalRule, 1.5f));
            }

            var cellLeft = rightToLeft ? PageWidth - Margin : Margin;
            for (var column = 0; column < widths.Length; column++)
            {
                if (rightToLeft)
                {
                    cellLeft -= widths[column];
                }
                var lineTop = top + CellPaddingY;
                foreach (var line in row.Lines[column])
                {
                    // The first column names the row and reads from the start; the others line up at the end.
                    DrawText(line, row.Style, Ink, cellLeft + CellPaddingX, cellLeft + widths[column] - CellPaddingX, lineTop, alignStart: column == 0);
                    lineTop += LineHeight(row.Style);
                }
                if (!rightToLeft)
                {
                    cellLeft += widths[column];
                }
            }

            Page.Add(canvas => DrawRule(canvas, bottom, row.Kind == RowKind.Header ? TotalRule : Rule, row.Kind == RowKind.Header ? 1 : 0.6f));
            y = bottom;
        }

        /// <summary>Draws one line between <paramref name="left"/> and <paramref name="right"/>, at the start or end of the line in the document's direction.</summary>
        private void DrawText(string text, TextStyle style, SKColor color, float left, float right, float top, bool alignStart)
        {
            var line = typesetter.Shape(text, style, rightToLeft);
            var x = alignStart != rightToLeft ? left : right - line.Width;
            var metrics = typesetter.Metrics(style);
            var baseline = top + (LineHeight(style) - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
            Page.Add(canvas => ReportTypesetter.Draw(canvas, line, x, baseline, color));
        }

        private static void DrawRule(SKCanvas canvas, float y, SKColor color, float width)
        {
            using var paint = new SKPaint { Color = color, StrokeWidth = width, Style = SKPaintStyle.Stroke };
            canvas.DrawLine(Margin, y, PageWidth - Margin, y, paint);
        }

        private void Reserve(float height)
        {
            if (y + height > Bottom && y > Top)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            Pages.Add([]);
            y = Top;
        }

        private float LineHeight(TextStyle style)
        {
            var metrics = typesetter.Metrics(style);
            return Math.Max(style.Size * LineSpacing, metrics.Descent - metrics.Ascent);
        }

        private enum RowKind
        {
            Header,
            Body,
            Total,
        }

        /// <summary>The wrapped lines of each cell of a row, and the row's height.</summary>
        private sealed record RowLayout(IReadOnlyList<IReadOnlyList<string>> Lines, float Height, TextStyle Style, RowKind Kind);
    }
}
