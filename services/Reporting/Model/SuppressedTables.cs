namespace IdpTracker.Reporting.Model;

/// <summary>
/// The report's counts, each declared once to <see cref="SmallCells"/> with every sum a reader sees it in; the ids
/// say what to show. Every edition (HTML, text, PDF, CSV, charts) shows these and nothing else.
/// </summary>
public sealed class SuppressedTables
{
    public SmallCells Cells { get; } = new();
    public int People { get; private init; }
    public int Households { get; private init; }
    public int Female { get; private init; }
    public int Male { get; private init; }
    public int Unknown { get; private init; }
    public int DisplacedPeople { get; private init; }
    public int DisplacedHouseholds { get; private init; }
    public int HostFamilyPeople { get; private init; }
    public int ElsewherePeople { get; private init; }
    public int ReturnedPeople { get; private init; }
    public int NewArrivalPeople { get; private init; }
    public int NewArrivalHouseholds { get; private init; }
    public SexAgeTable ByAge { get; private init; } = null!;
    public IReadOnlyList<(CenterFigure Figure, int Households, int People)> Centres { get; private init; } = [];
    public IReadOnlyList<(DayFigure Figure, int People)> Days { get; private init; } = [];
    public IReadOnlyList<SectorCells> Sectors { get; private init; } = [];
    /// <summary>Per governorate, one id per <see cref="ProtectionFigure.Categories"/> entry; with a total row when there are several.</summary>
    public IReadOnlyList<(string Area, int[] Counts)> Protection { get; private init; } = [];
    public int[]? ProtectionTotals { get; private init; }
    public int FemaleChildren { get; private init; }
    public int MaleChildren { get; private init; }
    public int FemaleElderly { get; private init; }
    public int MaleElderly { get; private init; }

    public static SuppressedTables For(ReportFigures figures)
    {
        var cells = new SmallCells();
        int people = cells.Count(figures.People), households = cells.Count(figures.Households);
        int female = cells.Count(figures.Female), male = cells.Count(figures.Male), unknown = cells.Count(figures.UnknownSex);
        cells.Sum(people, female, male, unknown);
        var byAge = SexAgeTable.Declare(cells, figures.ByAgeBracket, (female, male, unknown, people));

        // Key figures: displaced = in centres + with host families + elsewhere, in people and in households.
        int hostPeople = cells.Count(figures.WithHostFamilies.People), elsewherePeople = cells.Count(figures.Elsewhere.People);
        int displacedPeople = cells.Count(figures.DisplacedPeople), displacedHouseholds = cells.Count(figures.DisplacedHouseholds);
        cells.Sum(displacedPeople, people, hostPeople, elsewherePeople);
        // Households that left are not shown, but a reader sees them as displaced minus in centres: a count of its own.
        var householdsGone = cells.Count(figures.WithHostFamilies.Households + figures.Elsewhere.Households);
        cells.Sum(displacedHouseholds, households, householdsGone);
        var returned = cells.Count(figures.ReturnedHome.People);
        int newPeople = cells.Count(figures.NewArrivals.People), newHouseholds = cells.Count(figures.NewArrivals.Households);

        var centres = figures.Centers.Select(c => (c, Households: cells.Count(c.Households), People: cells.Count(c.People))).ToList();
        if (centres.Count > 0)
        {
            cells.Sum(households, centres.Select(c => c.Households).ToArray());
            cells.Sum(people, centres.Select(c => c.People).ToArray());
        }

        // The days charted and the arrivals before them (a longer period than the chart, not shown) make the new arrivals.
        var days = figures.ArrivalsPerDay.Select(d => (d, People: cells.Count(d.People))).ToList();
        var earlier = cells.Count(figures.NewArrivals.People - figures.ArrivalsPerDay.Sum(d => d.People));
        cells.Sum(newPeople, [.. days.Select(d => d.People), earlier]);

        var sectors = figures.Sectors.Select(s => SectorCells.Declare(cells, s, byAge)).ToList();

        var protection = figures.Protection.Select(p => (p.Adm1Name, Counts: p.Counts.Select(cells.Count).ToArray())).ToList();
        int[]? protectionTotals = null;
        if (protection.Count > 1)
        {
            protectionTotals = ProtectionFigure.Categories.Select((_, i) =>
            {
                var total = cells.Count(protection.Sum(p => cells.ValueOf(p.Counts[i])));
                cells.Sum(total, protection.Select(p => p.Counts[i]).ToArray());
                return total;
            }).ToArray();
        }

        // Children (0-17) and older people (60+) by sex, for the HXL copy: sums of the bracket cells, declared as such.
        int Sum(Func<SexAgeRow, int> cell, params string[] names)
        {
            var parts = byAge.Rows.Where(b => names.Contains(b.Bracket)).Select(cell).ToArray();
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
        var adults = byAge.Rows.Single(b => b.Bracket == "18-59");
        cells.Sum(female, femaleChildren, adults.Female, femaleElderly);
        cells.Sum(male, maleChildren, adults.Male, maleElderly);

        return new SuppressedTables(cells)
        {
            People = people, Households = households, Female = female, Male = male, Unknown = unknown,
            DisplacedPeople = displacedPeople, DisplacedHouseholds = displacedHouseholds, HostFamilyPeople = hostPeople,
            ElsewherePeople = elsewherePeople, ReturnedPeople = returned, NewArrivalPeople = newPeople, NewArrivalHouseholds = newHouseholds,
            ByAge = byAge, Centres = centres, Days = days, Sectors = sectors, Protection = protection, ProtectionTotals = protectionTotals,
            FemaleChildren = femaleChildren, MaleChildren = maleChildren, FemaleElderly = femaleElderly, MaleElderly = maleElderly,
        };
    }

    private SuppressedTables(SmallCells cells) => Cells = cells;

    public string Display(int id) => Cells.Display(id);

    /// <summary>The count, or null when a reader does not see it.</summary>
    public int? Shown(int id) => Cells.IsHidden(id) ? null : Cells.ValueOf(id);
}

public sealed record SexAgeRow(string Bracket, int Female, int Male, int Unknown, int Total);

/// <summary>An age by sex table with its row totals and its column totals, every sum declared.</summary>
public sealed record SexAgeTable(IReadOnlyList<SexAgeRow> Rows, SexAgeRow Totals)
{
    /// <param name="totals">Ids of column totals already declared elsewhere (the key figures), or null to declare them here.</param>
    public static SexAgeTable Declare(SmallCells cells, IReadOnlyList<BracketFigure> figures, (int Female, int Male, int Unknown, int Total)? totals = null)
    {
        var rows = figures.Select(b => new SexAgeRow(b.Bracket, cells.Count(b.Female), cells.Count(b.Male), cells.Count(b.Unknown), cells.Count(b.Total))).ToList();
        foreach (var r in rows) cells.Sum(r.Total, r.Female, r.Male, r.Unknown);
        var (female, male, unknown, total) = totals ?? (cells.Count(figures.Sum(b => b.Female)), cells.Count(figures.Sum(b => b.Male)),
            cells.Count(figures.Sum(b => b.Unknown)), cells.Count(figures.Sum(b => b.Total)));
        if (totals is null) cells.Sum(total, female, male, unknown);
        cells.Sum(female, rows.Select(b => b.Female).ToArray());
        cells.Sum(male, rows.Select(b => b.Male).ToArray());
        cells.Sum(unknown, rows.Select(b => b.Unknown).ToArray());
        cells.Sum(total, rows.Select(b => b.Total).ToArray());
        return new SexAgeTable(rows, new SexAgeRow("Total", female, male, unknown, total));
    }
}

/// <summary>
/// A sector's in need and reached tables; the gap is in need minus reached. Each cell is also declared against the
/// one it is part of (in need within the people of that age and sex in centres, reached within in need), with the
/// difference as a count of its own that is never shown: a reader can work it out, so it must not be small alone.
/// </summary>
public sealed record SectorCells(SectorFigure Figure, SexAgeTable InNeed, int Targeted, SexAgeTable? Reached, int? Gap)
{
    public static SectorCells Declare(SmallCells cells, SectorFigure sector, SexAgeTable population)
    {
        var inNeed = SexAgeTable.Declare(cells, sector.InNeed);
        WithinEach(cells, population, inNeed);
        var targeted = cells.Count(sector.Targeted);
        cells.Sum(inNeed.Totals.Total, targeted, cells.Count(Math.Max(0, sector.InNeedTotal - sector.Targeted)));
        if (sector.Reached is null) return new SectorCells(sector, inNeed, targeted, null, null);
        var reached = SexAgeTable.Declare(cells, sector.Reached);
        WithinEach(cells, inNeed, reached);
        return new SectorCells(sector, inNeed, targeted, reached, GapOf(cells, inNeed, reached));
    }

    private static int GapOf(SmallCells cells, SexAgeTable inNeed, SexAgeTable reached)
    {
        var gap = cells.Count(Math.Max(0, cells.ValueOf(inNeed.Totals.Total) - cells.ValueOf(reached.Totals.Total)));
        cells.Sum(inNeed.Totals.Total, reached.Totals.Total, gap);
        return gap;
    }

    /// <summary>Declares every cell of <paramref name="part"/> as a part of the same cell of <paramref name="whole"/>.</summary>
    private static void WithinEach(SmallCells cells, SexAgeTable whole, SexAgeTable part)
    {
        foreach (var (w, p) in whole.Rows.Append(whole.Totals).Zip(part.Rows.Append(part.Totals)))
        {
            foreach (var (wholeCell, partCell) in new[] { (w.Female, p.Female), (w.Male, p.Male), (w.Unknown, p.Unknown), (w.Total, p.Total) })
            {
                cells.Sum(wholeCell, partCell, cells.Count(Math.Max(0, cells.ValueOf(wholeCell) - cells.ValueOf(partCell))));
            }
        }
    }
}
