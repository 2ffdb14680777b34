using IdpTracker.Reporting.Model;

namespace IdpTracker.Reporting.Tests;

/// <summary>docs/domain.md, "Small cells": 1 to 4 shown as "&lt;5", and one more cell hidden where a total would give it away.</summary>
public class SmallCellsTests
{
    /// <summary>A table with its row and column totals declared as sums, the way a report shows it.</summary>
    private static (SmallCells Cells, int[,] Ids, int[] RowTotals, int[] ColumnTotals, int Grand) Table(int[,] values)
    {
        var cells = new SmallCells();
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var ids = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++) ids[r, c] = cells.Count(values[r, c]);
        var rowTotals = Enumerable.Range(0, rows).Select(r => cells.Count(Enumerable.Range(0, columns).Sum(c => values[r, c]))).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(c => cells.Count(Enumerable.Range(0, rows).Sum(r => values[r, c]))).ToArray();
        var grand = cells.Count(values.Cast<int>().Sum());
        for (var r = 0; r < rows; r++) cells.Sum(rowTotals[r], Enumerable.Range(0, columns).Select(c => ids[r, c]).ToArray());
        for (var c = 0; c < columns; c++) cells.Sum(columnTotals[c], Enumerable.Range(0, rows).Select(r => ids[r, c]).ToArray());
        cells.Sum(grand, rowTotals);
        cells.Sum(grand, columnTotals);
        return (cells, ids, rowTotals, columnTotals, grand);
    }

    [Fact]
    public void A_small_cell_takes_a_second_cell_in_its_row_and_in_its_column_with_it()
    {
        // The 3 alone would be 33 - 20 - 10 from its row's total, and 43 - 40 from its column's.
        var (cells, ids, _, _, _) = Table(new[,] { { 20, 3, 10 }, { 30, 40, 12 } });

        Assert.Equal("<5", cells.Display(ids[0, 1]));
        Assert.Equal("x", cells.Display(ids[0, 2]));   // the smallest other count of its row
        Assert.Equal("x", cells.Display(ids[1, 1]));   // the other count of its column
        Assert.Equal("x", cells.Display(ids[1, 2]));   // which the withheld 10's column then needs
        Assert.Equal(("20", "30"), (cells.Display(ids[0, 0]), cells.Display(ids[1, 0])));
    }

    [Fact]
    public void No_sum_a_reader_sees_has_exactly_one_hidden_term()
    {
        var random = new Random(7);
        for (var round = 0; round < 500; round++)
        {
            var values = new int[random.Next(1, 6), random.Next(1, 4)];
            for (var r = 0; r < values.GetLength(0); r++)
            for (var c = 0; c < values.GetLength(1); c++) values[r, c] = random.Next(4) == 0 ? 0 : random.Next(1, 12);
            var (cells, ids, rowTotals, columnTotals, grand) = Table(values);

            for (var r = 0; r < values.GetLength(0); r++)
            {
                var row = Enumerable.Range(0, values.GetLength(1)).Select(c => ids[r, c]).Append(rowTotals[r]);
                Assert.NotEqual(1, row.Count(cells.IsHidden));
            }
            for (var c = 0; c < values.GetLength(1); c++)
            {
                var column = Enumerable.Range(0, values.GetLength(0)).Select(r => ids[r, c]).Append(columnTotals[c]);
                Assert.NotEqual(1, column.Count(cells.IsHidden));
            }
            Assert.NotEqual(1, rowTotals.Append(grand).Count(cells.IsHidden));
            Assert.NotEqual(1, columnTotals.Append(grand).Count(cells.IsHidden));
            // Every count from 1 to 4 is hidden, whatever else is.
            foreach (var id in ids.Cast<int>().Concat(rowTotals).Concat(columnTotals).Append(grand))
            {
                if (cells.Display(id) is var shown && int.TryParse(shown, out var value)) Assert.False(value is > 0 and < 5, shown);
            }
        }
    }

    [Fact]
    public void A_zero_is_shown_and_never_chosen_to_cover_a_small_cell()
    {
        // 3 and 0 in a row of total 3: hiding the 0 would still give the 3 away, so the total goes.
        var (cells, ids, rowTotals, _, _) = Table(new[,] { { 3, 0 }, { 40, 50 } });

        Assert.Equal("0", cells.Display(ids[0, 1]));
        Assert.True(cells.IsHidden(rowTotals[0]));
    }

    [Fact]
    public void A_withheld_partner_is_large_enough_that_the_small_count_stays_anywhere_from_1_to_4()
    {
        // 1 and 5 in a row of 6: "<5" and "x" adding up to 6 would say 1 and 5. The total is withheld too.
        var (cells, ids, rowTotals, _, _) = Table(new[,] { { 1, 5, 0 }, { 40, 50, 30 } });

        Assert.Equal(("<5", "x"), (cells.Display(ids[0, 0]), cells.Display(ids[0, 1])));
        Assert.True(cells.IsHidden(rowTotals[0]));
    }

    [Fact]
    public void Children_and_older_people_by_sex_are_tied_to_the_sex_totals_so_the_adults_do_not_give_a_small_count_away()
    {
        var figures = new ReportFigures
        {
            People = 95, Households = 20, Female = 95,
            ByAgeBracket = [new("0-4", 10, 0, 0), new("5-11", 12, 0, 0), new("12-17", 20, 0, 0), new("18-59", 50, 0, 0), new("60+", 3, 0, 0)],
        };

        var t = IdpTracker.Reporting.Model.SuppressedTables.For(figures);

        // Women and girls = girls + women 18-59 + older women: never exactly one of them hidden.
        var adults = t.ByAge.Rows.Single(b => b.Bracket == "18-59").Female;
        Assert.NotEqual(1, new[] { t.Female, t.FemaleChildren, adults, t.FemaleElderly }.Count(t.Cells.IsHidden));
        Assert.Equal("<5", t.Cells.Display(t.FemaleElderly));
    }
}
