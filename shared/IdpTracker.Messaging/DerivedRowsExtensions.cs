using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Messaging;

public static class DerivedRowsExtensions
{
    /// <summary>
    /// Makes the stored rows derived from something (a household's tallies) equal to the rows wanted now: updates
    /// those still wanted in place, removes the others, adds the new ones. In place rather than delete-and-insert,
    /// so a row that did not change is not written.
    /// </summary>
    public static void Replace<TRow, TKey>(this DbSet<TRow> set, IEnumerable<TRow> stored, IEnumerable<TRow> wanted, Func<TRow, TKey> key, Action<TRow, TRow> update)
        where TRow : class where TKey : notnull
    {
        var byKey = wanted.ToDictionary(key);
        foreach (var row in stored)
        {
            if (byKey.Remove(key(row), out var now)) update(row, now);
            else set.Remove(row);
        }
        set.AddRange(byKey.Values);
    }
}
