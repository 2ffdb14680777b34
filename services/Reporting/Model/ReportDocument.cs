namespace IdpTracker.Reporting.Model;

/// <summary>
/// A situation report laid out once, in its language, with every count already suppressed. The HTML, text and PDF
/// editions are all written from it, so they cannot disagree.
/// </summary>
public sealed record ReportDocument(string Language, bool RightToLeft, string Title, string Subtitle, string Legend, IReadOnlyList<ReportBlock> Blocks);

public abstract record ReportBlock;

/// <summary>A section heading.</summary>
public sealed record ReportHeading(string Text) : ReportBlock;

public sealed record ReportParagraph(string Text) : ReportBlock;

public sealed record ReportBullets(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table whose first column names the row. Numeric columns are aligned to the end of the line.</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<ReportRow> Rows) : ReportBlock;

/// <summary><paramref name="IsTotal"/> rows are set apart (bold) as the sum of the rows above.</summary>
public sealed record ReportRow(IReadOnlyList<string> Cells, bool IsTotal = false);

/// <summary>A chart drawn as a PNG image; <paramref name="Description"/> says in words what it shows, for screen readers and text e-mail.</summary>
public sealed record ReportChart(string Title, string Description, byte[] Png) : ReportBlock;

/// <summary>One bar of a chart. A hidden count has <paramref name="Value"/> 0 and shows its <paramref name="Display"/> ("&lt;5" or "x").</summary>
public sealed record ChartBar(string Label, double Value, string Display);

/// <summary>A series of bars sharing a colour, e.g. "In need" across sectors.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartBar> Bars);
