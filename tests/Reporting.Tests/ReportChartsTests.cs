using IdpTracker.Reporting.Model;
using SkiaSharp;

namespace IdpTracker.Reporting.Tests;

public sealed class ReportChartsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_chart_is_a_png_a_mail_reader_can_show_with_its_bars_drawn_in_colour(bool rightToLeft)
    {
        var png = ReportCharts.Bars("Arrivals per day", [new ChartSeries("People", [new ChartBar("1 Dec", 120, "120"), new ChartBar("2 Dec", 45, "45")])], rightToLeft);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((720, 300), (bitmap.Width, bitmap.Height));
        // The first series' colour (Okabe-Ito blue) fills the bars; the background is white and opaque.
        var pixels = bitmap.Pixels;
        Assert.Contains(pixels, p => p == new SKColor(0x00, 0x72, 0xB2));
        Assert.Equal(SKColors.White, bitmap.GetPixel(1, bitmap.Height - 1));
        Assert.All(pixels, p => Assert.Equal(255, p.Alpha));
    }
}
