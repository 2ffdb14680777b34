using SkiaSharp;

namespace IdpTracker.Reporting.Model;

/// <summary>
/// Draws the report's bar charts as PNG images for the HTML edition, the e-mail and the PDF. They are drawn with
/// SkiaSharp and HarfBuzz rather than a plotting library because ScottPlot 5 lays Arabic labels out left to right:
/// their letters and words come out in reverse order.
/// </summary>
public static class ReportCharts
{
    private const int Width = 720;
    private const int Height = 300;
    private const float Padding = 16;
    private const float MaxBarWidth = 56;
    private const float GroupFill = 0.72f;
    private const int MaxLabelLines = 3;
    private const float MinTextSize = 8;

    private static readonly TextStyle TitleStyle = new(16, Bold: true);
    private static readonly TextStyle LegendStyle = new(12);
    private static readonly TextStyle ValueStyle = new(11);
    private static readonly TextStyle CategoryStyle = new(12);

    /// <summary>
    /// One row filter ("up": a bar chart's rows mostly repeat the row above) and zlib's default level, instead of libpng
    /// trying every filter on every row at the highest level: encoding took two thirds of a report preview's time, and
    /// the images come out no larger.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Up, 6);

    private static readonly SKColor Ink = new(0x22, 0x22, 0x22);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor Axis = new(0x99, 0x99, 0x99);

    // Okabe–Ito colours, told apart by readers with colour blindness and in greyscale print.
    private static readonly SKColor[] Palette =
    [
        new(0x00, 0x72, 0xB2), new(0xE6, 0x9F, 0x00), new(0x00, 0x9E, 0x73), new(0xCC, 0x79, 0xA7),
        new(0x56, 0xB4, 0xE9), new(0xD5, 0x5E, 0x00), new(0x00, 0x00, 0x00), new(0xF0, 0xE4, 0x42),
    ];

    /// <summary>
    /// A vertical bar chart, with grouped bars and a legend when there are two series or more. Categories are named
    /// by the first series' bars and run right to left when <paramref name="rightToLeft"/>.
    /// </summary>
    public static byte[] Bars(string title, IReadOnlyList<ChartSeries> series, bool rightToLeft)
    {
        using var typesetter = new ReportTypesetter();
        // Opaque (the background is white): the PNG is written as RGB, with no alpha to carry or un-premultiply.
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        var top = DrawTitle(canvas, typesetter, title, rightToLeft);
        if (series.Count > 1)
        {
            top = DrawLegend(canvas, typesetter, series, rightToLeft, top + 6);
        }
        if (series.Count > 0 && series[0].Bars.Count > 0)
        {
            DrawBars(canvas, typesetter, series, rightToLeft, top);
        }

        using var pixels = surface.PeekPixels() ?? throw new InvalidOperationException("A raster surface has its pixels in memory.");
        using var png = pixels.Encode(PngOptions) ?? throw new InvalidOperationException("The chart could not be encoded as PNG.");
        return png.ToArray();
    }

    /// <returns>The y below the title.</returns>
    private static float DrawTitle(SKCanvas canvas, ReportTypesetter typesetter, string title, bool rightToLeft)
    {
        var y = Padding - 4;
        foreach (var line in typesetter.Wrap(title, TitleStyle, Width - 2 * Padding))
        {
            var shaped = typesetter.Shape(line, TitleStyle, rightToLeft);
            var x = rightToLeft ? Width - Padding - shaped.Width : Padding;
            ReportTypesetter.Draw(canvas, shaped, x, Baseline(typesetter, TitleStyle, y), Ink);
            y += LineHeight(typesetter, TitleStyle);
        }
        return y;
    }

    /// <returns>The y below the legend.</returns>
    private static float DrawLegend(SKCanvas canvas, ReportTypesetter typesetter, IReadOnlyList<ChartSeries> series, bool rightToLeft, float top)
    {
        var lineHeight = LineHeight(typesetter, LegendStyle);
        var swatch = LegendStyle.Size - 2;
        // x runs from the start of the line: from the left, or from the right in a right-to-left chart.
        var x = Padding;
        for (var i = 0; i < series.Count; i++)
        {
            var name = typesetter.Shape(series[i].Name, LegendStyle, rightToLeft);
            var itemWidth = swatch + 6 + name.Width;
            if (x > Padding && x + itemWidth > Width - Padding)
            {
                x = Padding;
                top += lineHeight;
            }
            var swatchLeft = rightToLeft ? Width - x - swatch : x;
            var nameLeft = rightToLeft ? Width - x - itemWidth : x + swatch + 6;
            using (var paint = new SKPaint { Color = Palette[i % Palette.Length], IsAntialias = true })
            {
                canvas.DrawRect(swatchLeft, top + (lineHeight - swatch) / 2, swatch, swatch, paint);
            }
            ReportTypesetter.Draw(canvas, name, nameLeft, Baseline(typesetter, LegendStyle, top), Ink);
            x += itemWidth + 18;
        }
        return top + lineHeight;
    }

    private static void DrawBars(SKCanvas canvas, ReportTypesetter typesetter, IReadOnlyList<ChartSeries> series, bool rightToLeft, float top)
    {
        var categories = series[0].Bars;
        var plotWidth = Width - 2 * Padding;
        var slot = plotWidth / categories.Count;
        var barWidth = Math.Min(slot * GroupFill / series.Count, MaxBarWidth);
        var groupWidth = barWidth * series.Count;

        // Category labels wrap under their group, smaller if a word is wider than the group; when even then they
        // would overlap, only every step-th category is named.
        var categoryStyle = FitStyle(CategoryStyle, categories.Select(bar => bar.Label), slot - 4, typesetter.LongestWord);
        var labelWidth = Math.Max(slot - 4, categories.Max(bar => typesetter.LongestWord(bar.Label, categoryStyle)));
        var step = (int)Math.Ceiling(labelWidth / slot);
        var labels = categories.Select(bar => typesetter.Wrap(bar.Label, categoryStyle, labelWidth).Take(MaxLabelLines).ToList()).ToList();
        var categoryLine = LineHeight(typesetter, categoryStyle);
        var baseline = Height - Padding - labels.Max(lines => lines.Count) * categoryLine - 6;

        var valueStyle = FitStyle(ValueStyle, series.SelectMany(s => s.Bars).Select(bar => bar.Display), slot / series.Count,
            (text, style) => typesetter.Shape(text, style, rightToLeft).Width);
        var valueDescent = typesetter.Metrics(valueStyle).Descent;
        var plotTop = top + LineHeight(typesetter, valueStyle) + 4;
        var maxValue = series.SelectMany(s => s.Bars).Max(bar => bar.Value);
        var scale = maxValue > 0 ? (baseline - plotTop) / (float)maxValue : 0;

        for (var i = 0; i < categories.Count; i++)
        {
            var slotLeft = rightToLeft ? Padding + plotWidth - (i + 1) * slot : Padding + i * slot;
            var groupLeft = slotLeft + (slot - groupWidth) / 2;
            for (var j = 0; j < series.Count; j++)
            {
                if (i >= series[j].Bars.Count)
                {
                    continue;
                }
                var bar = series[j].Bars[i];
                var barLeft = groupLeft + (rightToLeft ? series.Count - 1 - j : j) * barWidth;
                var barHeight = (float)Math.Max(bar.Value, 0) * scale;
                using (var paint = new SKPaint { Color = Palette[j % Palette.Length], IsAntialias = true })
                {
                    canvas.DrawRect(barLeft + 1, baseline - barHeight, barWidth - 2, barHeight, paint);
                }
                // A withheld count has no height, so its "<5" or "x" sits on the baseline for the reader to see.
                var value = typesetter.Shape(bar.Display, valueStyle, rightToLeft);
                ReportTypesetter.Draw(canvas, value, barLeft + (barWidth - value.Width) / 2, baseline - barHeight - 4 - valueDescent, Ink);
            }

            if (i % step != 0)
            {
                continue;
            }
            var y = baseline + 6;
            foreach (var line in labels[i])
            {
                var shaped = typesetter.Shape(line, categoryStyle, rightToLeft);
                ReportTypesetter.Draw(canvas, shaped, slotLeft + (slot - shaped.Width) / 2, Baseline(typesetter, categoryStyle, y), Muted);
                y += categoryLine;
            }
        }

        using var axis = new SKPaint { Color = Axis, StrokeWidth = 1 };
        canvas.DrawLine(Padding, baseline + 0.5f, Padding + plotWidth, baseline + 0.5f, axis);
    }

    /// <summary>The style, made smaller down to a floor, in which every text's <paramref name="measure"/> fits in <paramref name="width"/>.</summary>
    private static TextStyle FitStyle(TextStyle style, IEnumerable<string> texts, float width, Func<string, TextStyle, float> measure)
    {
        var widest = texts.Select(text => measure(text, style)).DefaultIfEmpty(0).Max();
        return widest <= width ? style : style with { Size = Math.Max(MinTextSize, MathF.Floor(style.Size * width / widest)) };
    }

    private static float LineHeight(ReportTypesetter typesetter, TextStyle style)
    {
        var metrics = typesetter.Metrics(style);
        return MathF.Ceiling((metrics.Descent - metrics.Ascent) * 1.15f);
    }

    private static float Baseline(ReportTypesetter typesetter, TextStyle style, float top)
    {
        var metrics = typesetter.Metrics(style);
        return top + (LineHeight(typesetter, style) - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
    }
}
