using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Messaging;

public static class DerivedRowsExtensions
{
    /// <summary>
    /// Saves through <paramref name="save"/>, which looks at the change tracker before it saves (what it derives from
    /// the households changed) and so would make EF compare every tracked row, JSON members included, with its
    /// snapshot again at each look and once more in the save (five times a batch in Needs; docs/benchmarks/README.md
    /// item 28). Changes are looked for once, first; rows the save changes after that are compared on their own
    /// (<see cref="Replace"/>).
    /// </summary>
    public static async Task<int> SaveDetectingChangesOnceAsync(this DbContext db, Func<Task<int>> save)
    {
        db.ChangeTracker.DetectChanges();
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await save();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Makes the stored rows derived from something (a household's tallies) equal to the rows wanted now: updates
    /// those still wanted in place, removes the others, adds the new ones. In place rather than delete-and-insert,
    /// so a row that did not change is not written. A row updated is compared with what was stored at once, so a save
    /// that looked for changes before (<see cref="SaveDetectingChangesOnceAsync"/>) still writes it.
    /// </summary>
    public static void Replace<TRow, TKey>(this DbSet<TRow> set, IEnumerable<TRow> stored, IEnumerable<TRow> wanted, Func<TRow, TKey> key, Action<TRow, TRow> update)
        where TRow : class where TKey : notnull
    {
        var byKey = wanted.ToDictionary(key);
        foreach (var row in stored)
        {
            if (byKey.Remove(key(row), out var now))
            {
                update(row, now);
                set.Entry(row).DetectChanges();
            }
            else set.Remove(row);
        }
        set.AddRange(byKey.Values);
    }
    /// <summary>
    /// What rewriting <paramref name="before"/> into <paramref name="after"/> adds to sums kept per key of the rows
    /// (households and people): one entry per key whose sums change, in key order, so that savers changing the same
    /// sums change them in the same order and cannot deadlock.
    /// </summary>
    public static List<(TKey Key, int Households, int People)> SumsChange<TRow, TKey>(
        IEnumerable<TRow> before, IEnumerable<TRow> after, Func<TRow, TKey> key, Func<TRow, int> households, Func<TRow, int> people)
        where TKey : notnull =>
        before.Select(row => (Row: row, Sign: -1)).Concat(after.Select(row => (Row: row, Sign: 1)))
            .GroupBy(x => key(x.Row))
            .Select(g => (g.Key, Households: g.Sum(x => x.Sign * households(x.Row)), People: g.Sum(x => x.Sign * people(x.Row))))
            .Where(c => c.Households != 0 || c.People != 0)
            .OrderBy(c => c.Key)
            .ToList();
}
