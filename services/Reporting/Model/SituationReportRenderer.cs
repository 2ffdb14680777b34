using System.Globalization;

namespace IdpTracker.Reporting.Model;

public sealed record RenderedReport(string Subject, string Html, string Text, string Csv, ReportDocument Document)
{
    private byte[]? pdf;

    /// <summary>Written when first asked for: laying out a PDF takes most of a report's build, and a preview shows only the HTML.</summary>
    public byte[] Pdf => pdf ??= ReportPdf.Write(Document);
}

/// <summary>
/// Lays a situation report out in OCHA's order (highlights, key figures with their change, situation overview, centres,
/// needs, response and gaps per sector, protection by governorate) from counts that <see cref="SuppressedTables"/> has
/// already suppressed, and writes it as HTML, text, PDF and HXL CSV. A change is shown only where the reader sees
/// both this report's count and the previous one: the difference of two shown counts gives nothing away.
/// </summary>
public static class SituationReportRenderer
{
    /// <summary>The key figures, each with the count a reader sees of it (null where withheld).</summary>
    private static readonly (string Key, Func<ReportLanguage, string> Label, Func<SuppressedTables, int> Cell)[] KeyFigures =
    [
        ("displacedPeople", l => l.DisplacedPeople, x => x.DisplacedPeople),
        ("displacedHouseholds", l => l.DisplacedHouseholds, x => x.DisplacedHouseholds),
        ("inCentres", l => l.InCentres, x => x.People),
        ("householdsInCentres", l => l.HouseholdsInCentres, x => x.Households),
        ("withHostFamilies", l => l.WithHostFamilies, x => x.HostFamilyPeople),
        ("elsewhere", l => l.Elsewhere, x => x.ElsewherePeople),
        ("returnedHome", l => l.ReturnedHome, x => x.ReturnedPeople),
        ("newArrivals", l => l.NewArrivals, x => x.NewArrivalPeople),
        ("newArrivalHouseholds", l => l.NewArrivalHouseholds, x => x.NewArrivalHouseholds),
    ];

    public static Dictionary<string, int?> ShownKeyFigures(ReportFigures figures)
    {
        var t = SuppressedTables.For(figures);
        return KeyFigures.ToDictionary(k => k.Key, k => t.Shown(k.Cell(t)));
    }

    /// <param name="previous">The subscription's previous report, for the change column; reports from before key figures were kept show none.</param>
    public static RenderedReport Render(ReportFigures figures, ReportFigures? previous, string organisation, DateTimeOffset occurrenceLocal, ReportLanguage? language = null)
    {
        var l = language ?? ReportLanguage.English;
        var subject = string.Format(CultureInfo.InvariantCulture, l.SubjectFormat, organisation, occurrenceLocal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var t = SuppressedTables.For(figures);
        var document = Layout(figures, t, previous?.Shown, occurrenceLocal, l);
        return new RenderedReport(subject, ReportHtml.Write(document, subject), ReportText.Write(document),
            HxlCsv.Render(t, DateOnly.FromDateTime(occurrenceLocal.DateTime)), document);
    }

    public static ReportDocument Layout(ReportFigures figures, SuppressedTables t, IReadOnlyDictionary<string, int?>? p, DateTimeOffset occurrenceLocal, ReportLanguage l)
    {
        var arabic = l == ReportLanguage.Arabic;
        string Date(DateTimeOffset value) => arabic
            ? value.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)
            : value.ToString("d MMMM yyyy HH:mm zzz", CultureInfo.InvariantCulture);
        string Change(string key, Func<SuppressedTables, int> cell) => p is null ? "" : ChangeBetween(t.Shown(cell(t)), p.GetValueOrDefault(key));
        string CentreName(CenterFigure c) => arabic && !string.IsNullOrWhiteSpace(c.NameArabic) ? c.NameArabic : c.Name;
        string SectorName(string sector) => l.Sectors.GetValueOrDefault(sector, sector);

        var subtitle = Format(l.FiguresAsOf, Date(occurrenceLocal)) + " " + (p is not null && figures.Since is { } since
            ? Format(l.ChangesSince, since.ToOffset(occurrenceLocal.Offset).ToString(arabic ? "yyyy-MM-dd" : "d MMMM yyyy", CultureInfo.InvariantCulture))
            : l.FirstReport);
        var blocks = new List<ReportBlock> { new ReportHeading(l.Highlights), new ReportBullets(Highlights(figures, t, p, l, CentreName, SectorName)) };

        blocks.Add(new ReportHeading(l.KeyFigures));
        blocks.Add(new ReportTable([l.Figure, l.Value, l.Change], KeyFigures.Select(k => new ReportRow([k.Label(l), t.Display(k.Cell(t)), Change(k.Key, k.Cell)])).ToList()));
        if (t.Days.Count > 0)
        {
            var bars = t.Days.Select(d => new ChartBar(d.Figure.Day.ToString(arabic ? "MM-dd" : "d MMM", CultureInfo.InvariantCulture),
                t.Shown(d.People) ?? 0, t.Display(d.People))).ToList();
            blocks.Add(new ReportChart(l.ArrivalsChart,
                Format(l.ArrivalsChartDescription, t.Days[0].Figure.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    t.Days[^1].Figure.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(", ", bars.Select(b => $"{b.Label} {b.Display}"))),
                ReportCharts.Bars(l.ArrivalsChart, [new ChartSeries(l.People, bars)], arabic)));
        }

        blocks.Add(new ReportHeading(l.SituationOverview));
        blocks.Add(new ReportParagraph(l.ByAgeAndSex));
        blocks.Add(SexAgeBlock(t.ByAge, t, l));

        blocks.Add(new ReportHeading(l.ReceptionCentres));
        blocks.Add(new ReportTable([l.Centre, l.District, l.Households, l.People, l.Occupancy, l.SpacePerPerson, l.Status], t.Centres.Select(c =>
        {
            var f = c.Figure;
            // Occupancy and space per person would give a withheld number of people away: they go with it.
            var peopleShown = !t.Cells.IsHidden(c.People);
            var occupancy = peopleShown && f.OccupancyPercent is { } percent ? Format("{0} % ({1:N0})", percent, f.NightCapacity) : "";
            var space = !peopleShown || f.SpacePerPersonM2 is not { } m2 ? ""
                : f.RequiredM2PerPerson is { } required ? Format("{0:0.0} ({1:0.0})", m2, required) : Format("{0:0.0}", m2);
            return new ReportRow([CentreName(f), f.Adm2Name, t.Display(c.Households), t.Display(c.People), occupancy, space,
                f.Status is { } status ? l.Statuses.GetValueOrDefault(status, status) : ""]);
        }).ToList()));

        blocks.Add(new ReportHeading(l.NeedsResponseGaps));
        blocks.Add(new ReportParagraph(t.Sectors.Count == 0 ? l.NeedsNotYet
            : figures.CentresWithNeeds < figures.Centers.Count ? l.NeedsNote + " " + Format(l.NeedsPartial, figures.CentresWithNeeds, figures.Centers.Count)
            : l.NeedsNote));
        if (t.Sectors.Count > 0) blocks.Add(new ReportTable([l.Sector, l.InNeed, l.Targeted, l.Reached, l.Gap], t.Sectors.Select(s => new ReportRow([
            SectorName(s.Figure.Sector), t.Display(s.InNeed.Totals.Total), t.Display(s.Targeted),
            s.Reached is null ? l.NoResponseRecorded : t.Display(s.Reached.Totals.Total), s.Gap is { } gap ? t.Display(gap) : ""])).ToList()));
        if (t.Sectors.Count > 0)
        {
            string Short(string sector) => SectorName(sector).Split(" (")[0];
            var inNeed = t.Sectors.Select(s => new ChartBar(Short(s.Figure.Sector), t.Shown(s.InNeed.Totals.Total) ?? 0, t.Display(s.InNeed.Totals.Total))).ToList();
            var reached = t.Sectors.Select(s => s.Reached is null
                ? new ChartBar(Short(s.Figure.Sector), 0, "–")
                : new ChartBar(Short(s.Figure.Sector), t.Shown(s.Reached.Totals.Total) ?? 0, t.Display(s.Reached.Totals.Total))).ToList();
            blocks.Add(new ReportChart(l.NeedsChart,
                Format(l.NeedsChartDescription, string.Join("; ", inNeed.Zip(reached, (n, r) => $"{n.Label} {n.Display} / {r.Display}"))),
                ReportCharts.Bars(l.NeedsChart, [new ChartSeries(l.InNeed, inNeed), new ChartSeries(l.Reached, reached)], arabic)));
        }
        foreach (var sector in t.Sectors.Where(s => s.Figure.InNeedTotal > 0))
        {
            blocks.Add(new ReportParagraph(Format(l.InNeedByAgeAndSex, SectorName(sector.Figure.Sector))));
            blocks.Add(SexAgeBlock(sector.InNeed, t, l));
            if (sector.Reached is not null && sector.Figure.ReachedTotal > 0)
            {
                blocks.Add(new ReportParagraph(Format(l.ReachedByAgeAndSex, SectorName(sector.Figure.Sector))));
                blocks.Add(SexAgeBlock(sector.Reached, t, l));
            }
        }

        if (t.Protection.Count > 0)
        {
            blocks.Add(new ReportHeading(l.Protection));
            blocks.Add(new ReportParagraph(l.ProtectionNote));
            var header = new List<string> { "" };
            header.AddRange(t.Protection.Select(a => a.Area));
            if (t.ProtectionTotals is not null) header.Add(l.Total);
            blocks.Add(new ReportTable(header, ProtectionFigure.Categories.Select((category, i) =>
            {
                var row = new List<string> { l.ProtectionCategories[category.Key] };
                row.AddRange(t.Protection.Select(a => t.Display(a.Counts[i])));
                if (t.ProtectionTotals is { } totals) row.Add(t.Display(totals[i]));
                return new ReportRow(row);
            }).ToList()));
        }

        return new ReportDocument(l.Code, arabic, l.Title, subtitle, l.Legend, blocks);
    }

    private static List<string> Highlights(ReportFigures figures, SuppressedTables t, IReadOnlyDictionary<string, int?>? p, ReportLanguage l,
        Func<CenterFigure, string> centreName, Func<string, string> sectorName)
    {
        var highlights = new List<string>
        {
            figures.NewArrivals.People == 0 ? l.HighlightNoArrivals
                : Format(l.HighlightArrivals, t.Display(t.NewArrivalPeople), t.Display(t.NewArrivalHouseholds)),
        };
        if (p is not null && ChangeBetween(t.Shown(t.People), p.GetValueOrDefault("inCentres")) is { Length: > 0 } inCentres)
        {
            highlights.Add(Format(l.HighlightInCentres, t.Display(t.People), inCentres));
        }
        var critical = figures.Centers.Where(c => c.Status == "critical").Select(centreName).ToList();
        if (critical.Count > 0) highlights.Add(Format(l.HighlightCentresCritical, string.Join(", ", critical)));
        else if (figures.Centers.Count > 0 && figures.Centers.All(c => c.Status is not null)) highlights.Add(l.HighlightCentresOk);
        if (t.Sectors.Where(s => s.Gap is not null && s.Figure.InNeedTotal - s.Figure.ReachedTotal > 0)
                .OrderByDescending(s => s.Figure.InNeedTotal - s.Figure.ReachedTotal).FirstOrDefault() is { } widest)
        {
            highlights.Add(Format(l.HighlightGap, sectorName(widest.Figure.Sector), t.Display(widest.Gap!.Value)));
        }
        if (p is not null && figures.ReturnedHome.People > 0 && ChangeBetween(t.Shown(t.ReturnedPeople), p.GetValueOrDefault("returnedHome")) is { Length: > 0 } returned)
        {
            highlights.Add(Format(l.HighlightReturned, t.Display(t.ReturnedPeople), returned));
        }
        return highlights;
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    /// <summary>"+12", "-3" or "0"; empty unless both counts are shown.</summary>
    public static string ChangeBetween(int? current, int? previous) =>
        current is { } now && previous is { } before
            ? (now - before).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture)
            : "";

    private static ReportTable SexAgeBlock(SexAgeTable table, SuppressedTables t, ReportLanguage l) =>
        new([l.Age, l.Female, l.Male, l.NotRecorded, l.Total],
            table.Rows.Select(r => new ReportRow([r.Bracket, t.Display(r.Female), t.Display(r.Male), t.Display(r.Unknown), t.Display(r.Total)]))
                .Append(new ReportRow([l.Total, t.Display(table.Totals.Female), t.Display(table.Totals.Male), t.Display(table.Totals.Unknown),
                    t.Display(table.Totals.Total)], IsTotal: true))
                .ToList());
}
