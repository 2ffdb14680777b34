using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IdpTracker.Messaging;

public static class DerivedRowsExtensions
{
    /// <summary>
    /// Saves through <paramref name="save"/>, which looks at the change tracker before it saves (what it derives from
    /// the households changed) and so would make EF compare every tracked row, JSON members included, with its
    /// snapshot again at each look and once more in the save (five times a batch in Needs; docs/benchmarks/README.md
    /// item 28). Changes are looked for once, first; the rows derived from them are written on their own
    /// (<see cref="ReplaceRowsAsync"/>).
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
    /// Makes the stored rows derived from something (a household's tallies) equal to the rows wanted now, in at most
    /// two statements whatever their number: one deleting the stored rows no longer wanted, one inserting the new rows
    /// and updating those that changed, each row's values sent as one array a column (<c>unnest</c>). Rows that did
    /// not change are not written. A batch of fifty households has two or three hundred such rows; through the change
    /// tracker they cost a generated statement and a tracked entity each, most of a consumer's time on an event
    /// (docs/benchmarks/README.md item 32). The caller holds the rows' owners locked in its transaction, so no other
    /// saver writes the same rows meanwhile. <paramref name="stored"/> are the rows as read (untracked).
    /// </summary>
    public static async Task ReplaceRowsAsync<TRow>(this DbContext db, IReadOnlyCollection<TRow> stored, IReadOnlyCollection<TRow> wanted, CancellationToken cancellationToken)
        where TRow : class
    {
        var table = DerivedTable.Of(db.Model, typeof(TRow));
        var before = stored.ToDictionary(table.KeyOf, RowValues.Comparer);
        var written = wanted.Where(row => !before.Remove(table.KeyOf(row), out var was) || !RowValues.Comparer.Equals(table.ValuesOf(was), table.ValuesOf(row))).ToList();
        var sql = new List<string>();
        var parameters = new List<object>();
        if (before.Count > 0)
        {
            var keys = table.Columns(table.Key, before.Values, parameters);
            sql.Add($"DELETE FROM {table.Name} AS t USING unnest({string.Join(", ", keys)}) AS gone({string.Join(", ", table.Key.Select((_, i) => $"k{i}"))}) " +
                $"WHERE {string.Join(" AND ", table.Key.Select((p, i) => $"t.{p.Column} = gone.k{i}"))}");
        }
        if (written.Count > 0)
        {
            var values = table.Columns(table.All, written, parameters);
            var set = table.All.Except(table.Key).Select(p => $"{p.Column} = excluded.{p.Column}").ToList();
            sql.Add($"INSERT INTO {table.Name} ({string.Join(", ", table.All.Select(p => p.Column))}) SELECT * FROM unnest({string.Join(", ", values)}) " +
                $"ON CONFLICT ({string.Join(", ", table.Key.Select(p => p.Column))}) DO " + (set.Count == 0 ? "NOTHING" : $"UPDATE SET {string.Join(", ", set)}"));
        }
        if (sql.Count > 0) await db.Database.ExecuteSqlRawAsync(string.Join(";\n", sql), parameters, cancellationToken);
    }

    /// <summary>A derived table as the model maps it: its name, key and columns, with how to read a row's values for the database.</summary>
    private sealed record DerivedTable(string Name, IReadOnlyList<DerivedColumn> Key, IReadOnlyList<DerivedColumn> All)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type), DerivedTable> Tables = new();

        public static DerivedTable Of(IModel model, Type row) => Tables.GetOrAdd((model, row), key =>
        {
            var entity = key.Item1.FindEntityType(key.Item2) ?? throw new InvalidOperationException($"{key.Item2.Name} is not in the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var name = (table.Schema is { } schema ? Quote(schema) + "." : "") + Quote(table.Name);
            DerivedColumn Column(IProperty p) => new(Quote(p.GetColumnName(table)!), p);
            return new DerivedTable(name, entity.FindPrimaryKey()!.Properties.Select(Column).ToList(), entity.GetProperties().Select(Column).ToList());
        });

        public object?[] KeyOf(object row) => Key.Select(c => c.ValueOf(row)).ToArray();

        public object?[] ValuesOf(object row) => All.Select(c => c.ValueOf(row)).ToArray();

        /// <summary>Adds one array a column of these rows to <paramref name="parameters"/>; returns their placeholders.</summary>
        public List<string> Columns<TRow>(IEnumerable<DerivedColumn> columns, IReadOnlyCollection<TRow> rows, List<object> parameters) where TRow : class =>
            columns.Select(column =>
            {
                var values = Array.CreateInstance(column.ProviderType, rows.Count);
                var i = 0;
                foreach (var row in rows) values.SetValue(column.ValueOf(row), i++);
                parameters.Add(values);
                return $"{{{parameters.Count - 1}}}";
            }).ToList();

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A column of a derived table and how a row's value is sent to the database (an enum as its number, say).</summary>
    private sealed record DerivedColumn(string Column, IProperty Property)
    {
        private readonly ValueConverter? converter = Property.GetTypeMapping().Converter;

        public Type ProviderType { get; } = Provider(Property);

        public object? ValueOf(object row)
        {
            var value = Property.GetGetter().GetClrValue(row);
            if (converter is not null && value is not null) value = converter.ConvertToProvider(value);
            return value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType())) : value;
        }

        private static Type Provider(IProperty property)
        {
            var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
            var plain = Nullable.GetUnderlyingType(type) ?? type;
            return plain.IsEnum ? Enum.GetUnderlyingType(plain) : type;
        }
    }

    /// <summary>Rows' keys and values compared value by value.</summary>
    private static class RowValues
    {
        public static readonly IEqualityComparer<object?[]> Comparer = new ValuesComparer();

        private sealed class ValuesComparer : IEqualityComparer<object?[]>
        {
            public bool Equals(object?[]? x, object?[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y, EqualityComparer<object?>.Default);

            public int GetHashCode(object?[] values)
            {
                var hash = new HashCode();
                foreach (var value in values) hash.Add(value);
                return hash.ToHashCode();
            }
        }
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
