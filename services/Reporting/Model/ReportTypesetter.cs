using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;
using Buffer = HarfBuzzSharp.Buffer;

namespace IdpTracker.Reporting.Model;

/// <summary>The size (points in a PDF, pixels in a PNG) and weight text is set in.</summary>
internal readonly record struct TextStyle(float Size, bool Bold = false);

/// <summary>One line of text ready to draw: its runs in visual order, left to right, from x = 0.</summary>
internal sealed record ShapedLine(IReadOnlyList<ReportTypesetter.Run> Runs, float Width);

/// <summary>
/// Shapes, measures, wraps and draws report text for the PDF and the chart images, in DejaVu Sans, which covers Latin
/// and Arabic. HarfBuzz joins the Arabic letters; bidirectional text is laid out with a simplified Unicode bidi
/// algorithm: Arabic runs and runs of Latin letters and digits are shaped apart and placed in the paragraph's
/// direction, so dates, numbers and product names stay readable inside Arabic sentences.
/// Not thread-safe (each <see cref="SKShaper"/> keeps a buffer): make one per document or chart.
/// </summary>
internal sealed class ReportTypesetter : IDisposable
{
    private static readonly string[] FontDirectories =
    [
        "/usr/share/fonts/truetype/dejavu", // Debian, Ubuntu: fonts-dejavu-core
        "/usr/share/fonts/dejavu-sans-fonts", // Fedora
        "/usr/share/fonts/TTF", // Arch
        "/usr/share/fonts/dejavu", // Alpine
    ];

    private static readonly Lazy<SKTypeface> RegularTypeface = new(() => LoadTypeface("DejaVuSans.ttf"), LazyThreadSafetyMode.PublicationOnly);
    private static readonly Lazy<SKTypeface> BoldTypeface = new(() => LoadTypeface("DejaVuSans-Bold.ttf"), LazyThreadSafetyMode.PublicationOnly);

    private readonly Weight regular = new(RegularTypeface.Value);
    private readonly Weight bold = new(BoldTypeface.Value);
    private readonly Dictionary<TextStyle, SKFont> fonts = [];
    private readonly Dictionary<(string Word, TextStyle Style), float> wordWidths = [];

    public SKFontMetrics Metrics(TextStyle style) => Font(style).Metrics;

    /// <summary>
    /// Shapes one line. Text without Arabic or Hebrew letters (numbers, "&lt;5", "18-59", "+12") keeps its
    /// left-to-right order even in a right-to-left document, as in the HTML edition.
    /// </summary>
    public ShapedLine Shape(string text, TextStyle style, bool rightToLeft)
    {
        rightToLeft = rightToLeft && HasRightToLeftLetters(text);
        var runs = new List<Run>();
        var x = 0f;
        foreach (var (start, length, runIsRightToLeft) in VisualRuns(text, rightToLeft))
        {
            var run = ShapeRun(text.Substring(start, length), style, runIsRightToLeft, x, out var width);
            runs.Add(run);
            x += width;
        }
        return new ShapedLine(runs, x);
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/>, at spaces, or inside a word too long for a line.</summary>
    public IReadOnlyList<string> Wrap(string text, TextStyle style, float maxWidth)
    {
        var lines = new List<string>();
        var spaceWidth = WordWidth(" ", style);
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0f;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = WordWidth(word, style);
                if (line.Length > 0 && lineWidth + spaceWidth + wordWidth <= maxWidth)
                {
                    line.Append(' ').Append(word);
                    lineWidth += spaceWidth + wordWidth;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var rest = wordWidth > maxWidth ? BreakWord(word, style, maxWidth, lines) : word;
                line.Append(rest);
                lineWidth = WordWidth(rest, style);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>The width of the widest word, below which wrapping has to break words apart.</summary>
    public float LongestWord(string text, TextStyle style) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(word => WordWidth(word, style)).DefaultIfEmpty(0).Max();

    public static void Draw(SKCanvas canvas, ShapedLine line, float x, float baseline, SKColor color)
    {
        using var builder = new SKTextBlobBuilder();
        foreach (var run in line.Runs)
        {
            // Giving Skia the characters behind each glyph cluster lets PDF readers copy and search the text, even
            // where Arabic glyphs have no character of their own.
            var buffer = builder.AllocatePositionedTextRun(run.Font, run.Glyphs.Length, run.Utf8.Length);
            buffer.SetGlyphs(run.Glyphs);
            buffer.SetPositions(run.Positions);
            buffer.SetText(run.Utf8);
            buffer.SetClusters(run.Clusters);
        }
        using var blob = builder.Build();
        if (blob is null)
        {
            return;
        }
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(blob, x, baseline, paint);
    }

    /// <summary>
    /// From now on, draws with fonts that hold only the glyphs shaped so far. Skia as built for SkiaSharp embeds whole
    /// fonts in a PDF, which for DejaVu Sans in two weights is about 750 kB; the subsets are a few dozen kB.
    /// </summary>
    public void KeepOnlyShapedGlyphs()
    {
        regular.Subset();
        bold.Subset();
        foreach (var (style, font) in fonts)
        {
            font.Typeface = (style.Bold ? bold : regular).Typeface;
        }
    }

    public void Dispose()
    {
        foreach (var font in fonts.Values)
        {
            font.Dispose();
        }
        regular.Dispose();
        bold.Dispose();
    }

    private float WordWidth(string word, TextStyle style)
    {
        if (!wordWidths.TryGetValue((word, style), out var width))
        {
            width = Shape(word, style, rightToLeft: false).Width;
            wordWidths[(word, style)] = width;
        }
        return width;
    }

    /// <summary>Adds full lines of a word wider than a line to <paramref name="lines"/> and returns what is left of it.</summary>
    private string BreakWord(string word, TextStyle style, float maxWidth, List<string> lines)
    {
        var start = 0;
        var end = 0;
        foreach (var next in StringInfo.ParseCombiningCharacters(word).Skip(1).Append(word.Length))
        {
            if (end > start && Shape(word[start..next], style, rightToLeft: false).Width > maxWidth)
            {
                lines.Add(word[start..end]);
                start = end;
            }
            end = next;
        }
        return word[start..];
    }

    private Run ShapeRun(string text, TextStyle style, bool rightToLeft, float x, out float width)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new Buffer();
        buffer.AddUtf8(utf8);
        // The direction is set rather than guessed: Arabic-Indic digits belong to the Arabic script, but read left to right.
        buffer.Direction = rightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
        buffer.GuessSegmentProperties();
        var weight = style.Bold ? bold : regular;
        var font = Font(style);
        var shaped = weight.Shaper.Shape(buffer, x, 0, font);
        width = shaped.Width;
        var glyphs = Array.ConvertAll(shaped.Codepoints, glyph => (ushort)glyph);
        weight.Use(text, glyphs);
        return new Run(font, glyphs, shaped.Points, utf8, shaped.Clusters);
    }

    private SKFont Font(TextStyle style)
    {
        if (!fonts.TryGetValue(style, out var font))
        {
            var typeface = (style.Bold ? bold : regular).Typeface;
            font = new SKFont(typeface, style.Size)
            {
                Subpixel = true,
                LinearMetrics = true,
                Edging = SKFontEdging.Antialias,
                Embolden = style.Bold && !typeface.IsBold,
            };
            fonts[style] = font;
        }
        return font;
    }

    /// <summary>Without the font a report would come out with no text at all: better to fail the job, which is retried, and say why.</summary>
    private static SKTypeface LoadTypeface(string fileName) =>
        FontDirectories.Select(directory => Path.Combine(directory, fileName)).Where(File.Exists)
            .Select(SKTypeface.FromFile).FirstOrDefault(typeface => typeface is not null)
        ?? throw new InvalidOperationException(
            $"The report font {fileName} was not found in {string.Join(", ", FontDirectories)}: install the fonts-dejavu-core package.");

    /// <summary>
    /// Splits <paramref name="text"/> into runs of one direction, in the order they are to be placed from left to right.
    /// </summary>
    private static List<(int Start, int Length, bool RightToLeft)> VisualRuns(string text, bool rightToLeft)
    {
        var directions = ResolveDirections(text, rightToLeft);
        var runs = new List<(int Start, int Length, bool RightToLeft)>();
        for (var start = 0; start < text.Length;)
        {
            var end = start + 1;
            while (end < text.Length && directions[end] == directions[start])
            {
                end++;
            }
            runs.Add((start, end - start, directions[start]));
            start = end;
        }
        // With only two levels, a right-to-left paragraph reads its runs in reverse, each left-to-right run kept as is.
        if (rightToLeft)
        {
            runs.Reverse();
        }
        return runs;
    }

    /// <summary>Whether each character is set right to left.</summary>
    private static bool[] ResolveDirections(string text, bool rightToLeft)
    {
        var classes = new CharClass[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            classes[i] = Classify(text[i]);
        }
        AttachSignsToNumbers(text, classes);

        var directions = new bool[text.Length];
        for (var i = 0; i < text.Length;)
        {
            if (classes[i] != CharClass.Neutral)
            {
                directions[i] = classes[i] == CharClass.RightToLeft;
                i++;
                continue;
            }
            // Spaces and punctuation take the direction of the text on both sides when it agrees, else the paragraph's.
            var end = i;
            while (end < text.Length && classes[end] == CharClass.Neutral)
            {
                end++;
            }
            var before = i == 0 ? rightToLeft : directions[i - 1];
            var after = end == text.Length ? rightToLeft : classes[end] == CharClass.RightToLeft;
            Array.Fill(directions, before == after ? before : rightToLeft, i, end - i);
            i = end;
        }
        return directions;
    }

    /// <summary>Whether the text has Arabic or Hebrew letters; text without them keeps left-to-right order in any edition.</summary>
    public static bool HasRightToLeftLetters(string text) => text.Any(c => Classify(c) == CharClass.RightToLeft);

    private static CharClass Classify(char c) => c switch
    {
        >= '\u0660' and <= '\u0669' or >= '\u06F0' and <= '\u06F9' => CharClass.LeftToRight, // Arabic-Indic digits
        >= '\u066A' and <= '\u066C' => CharClass.Neutral, // Arabic percent sign and number separators
        >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFE' => CharClass.RightToLeft,
        _ when char.IsLetterOrDigit(c) => CharClass.LeftToRight,
        _ => CharClass.Neutral,
    };

    /// <summary>
    /// Keeps signs written against a number ("45%", "+03:00", "&lt;5") with it, so that "&lt;5" in the legend reads
    /// as it does in the tables.
    /// </summary>
    private static void AttachSignsToNumbers(string text, CharClass[] classes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (classes[i] != CharClass.Neutral || !IsNumberSign(text[i]))
            {
                continue;
            }
            var end = i;
            while (end < text.Length && classes[end] == CharClass.Neutral && IsNumberSign(text[end]))
            {
                end++;
            }
            if ((i > 0 && char.IsDigit(text[i - 1])) || (end < text.Length && char.IsDigit(text[end])))
            {
                Array.Fill(classes, CharClass.LeftToRight, i, end - i);
            }
            i = end;
        }
    }

    private static bool IsNumberSign(char c) =>
        c is '%' or '\u066A' or '\u2030' or '#' or '+' or '-' or '\u2212' or '<' or '>' or '\u2264' or '\u2265' or '\u00B0'
        || char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol;

    /// <summary>A piece of text shaped in one direction: glyphs with their positions, and the characters they stand for.</summary>
    internal sealed record Run(SKFont Font, ushort[] Glyphs, SKPoint[] Positions, byte[] Utf8, uint[] Clusters);

    private enum CharClass
    {
        Neutral,
        LeftToRight,
        RightToLeft,
    }

    /// <summary>One weight of the font: its shaper, and the glyphs and characters shaped with it.</summary>
    private sealed class Weight(SKTypeface typeface) : IDisposable
    {
        private readonly HashSet<ushort> glyphs = [];
        private readonly HashSet<int> codepoints = [];
        private SKTypeface? subset;

        public SKShaper Shaper { get; } = new(typeface);

        public SKTypeface Typeface => subset ?? typeface;

        public void Use(string text, ushort[] shapedGlyphs)
        {
            glyphs.UnionWith(shapedGlyphs);
            foreach (var rune in text.EnumerateRunes())
            {
                codepoints.Add(rune.Value);
            }
        }

        /// <summary>
        /// Cuts the font down to the glyphs used, keeping their numbers, and the characters used, so that PDF readers
        /// can still map glyphs back to text. HarfBuzz's subsetter is in HarfBuzzSharp's native library, but
        /// HarfBuzzSharp does not wrap it.
        /// </summary>
        public void Subset()
        {
            if (subset is not null) return;
            try
            {
                SubsetFromHarfBuzz();
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // A HarfBuzz build without the subsetter: the whole fonts are embedded, a larger but equal PDF.
            }
        }

        private void SubsetFromHarfBuzz()
        {
            using var stream = typeface.OpenStream(out var index);
            using var blob = stream.ToHarfBuzzBlob();
            using var face = new Face(blob, index);
            var input = HarfBuzzSubset.hb_subset_input_create_or_fail();
            if (input == IntPtr.Zero)
            {
                return;
            }
            var subsetFace = IntPtr.Zero;
            try
            {
                var glyphSet = HarfBuzzSubset.hb_subset_input_glyph_set(input);
                foreach (var glyph in glyphs)
                {
                    HarfBuzzSubset.hb_set_add(glyphSet, glyph);
                }
                var unicodeSet = HarfBuzzSubset.hb_subset_input_unicode_set(input);
                foreach (var codepoint in codepoints)
                {
                    HarfBuzzSubset.hb_set_add(unicodeSet, (uint)codepoint);
                }
                HarfBuzzSubset.hb_subset_input_set_flags(input, HarfBuzzSubset.RetainGlyphIds | HarfBuzzSubset.NoHinting);
                subsetFace = HarfBuzzSubset.hb_subset_or_fail(face.Handle, input);
                if (subsetFace == IntPtr.Zero)
                {
                    return;
                }
                var subsetBlob = HarfBuzzSubset.hb_face_reference_blob(subsetFace);
                try
                {
                    var data = HarfBuzzSubset.hb_blob_get_data(subsetBlob, out var length);
                    using var copy = SKData.CreateCopy(data, length);
                    subset = SKTypeface.FromData(copy, index);
                }
                finally
                {
                    HarfBuzzSubset.hb_blob_destroy(subsetBlob);
                }
            }
            finally
            {
                HarfBuzzSubset.hb_face_destroy(subsetFace);
                HarfBuzzSubset.hb_subset_input_destroy(input);
            }
        }

        public void Dispose()
        {
            Shaper.Dispose();
            subset?.Dispose();
        }
    }

    private static class HarfBuzzSubset
    {
        public const uint NoHinting = 0x1;
        public const uint RetainGlyphIds = 0x2;

        private const string Library = "libHarfBuzzSharp";

        [DllImport(Library)]
        public static extern IntPtr hb_subset_input_create_or_fail();

        [DllImport(Library)]
        public static extern IntPtr hb_subset_input_glyph_set(IntPtr input);

        [DllImport(Library)]
        public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);

        [DllImport(Library)]
        public static extern void hb_subset_input_set_flags(IntPtr input, uint flags);

        [DllImport(Library)]
        public static extern void hb_subset_input_destroy(IntPtr input);

        [DllImport(Library)]
        public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);

        [DllImport(Library)]
        public static extern void hb_set_add(IntPtr set, uint codepoint);

        [DllImport(Library)]
        public static extern IntPtr hb_face_reference_blob(IntPtr face);

        [DllImport(Library)]
        public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);

        [DllImport(Library)]
        public static extern void hb_blob_destroy(IntPtr blob);

        [DllImport(Library)]
        public static extern void hb_face_destroy(IntPtr face);
    }
}
