using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdpTracker.Messaging;

public static class JsonColumnExtensions
{
    /// <summary>
    /// A value stored whole as a jsonb document (web casing); compared by its JSON, so EF notices a change made inside
    /// it. For values read and written together, never queried by their parts.
    /// </summary>
    public static PropertyBuilder<T> StoredAsJson<T>(this PropertyBuilder<T> property) where T : class =>
        property.AsJsonb(new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!));

    /// <summary>
    /// A value stored whole as a jsonb document, as <see cref="StoredAsJson{T}"/>, that the code replaces and never
    /// changes in place (findings built anew at each assessment). A tracked row keeps the value it was read or added
    /// with, not a copy of it, and the value counts as changed when, and only when, it is replaced: copying and
    /// comparing each by its JSON at every save cost Needs a serialization and a parse per list for every household
    /// assessed (docs/benchmarks/README.md item 28), and comparing a replaced value by its JSON still two
    /// serializations a list, a quarter of Needs' time on an event (item 32). A row whose value is replaced is written
    /// anyway (its assessment time or source version moves with it), so writing the value too costs one serialization,
    /// not a write. <paramref name="options"/> name the document's shape (web casing unless given).
    /// </summary>
    public static PropertyBuilder<T> StoredAsJsonReplacedWhole<T>(this PropertyBuilder<T> property, JsonSerializerOptions? options = null) where T : class =>
        property.AsJsonb(ReplacedWholeComparer<T>(), options);

    /// <summary>
    /// A value (a list of codes, say) that the code replaces and never changes in place, as
    /// <see cref="StoredAsJsonReplacedWhole{T}"/>, stored as its own column type: changed when, and only when, replaced.
    /// EF's own comparer for a list copies it for the snapshot and compares it element by element, through a delegate it
    /// builds at each call (a tenth of Needs' time on an event, docs/benchmarks/README.md item 32).
    /// </summary>
    public static PropertyBuilder<T> ReplacedWhole<T>(this PropertyBuilder<T> property) where T : class
    {
        property.Metadata.SetValueComparer(ReplacedWholeComparer<T>());
        return property;
    }

    private static ValueComparer<T> ReplacedWholeComparer<T>() where T : class =>
        new((a, b) => ReferenceEquals(a, b), v => RuntimeHelpers.GetHashCode(v), v => v);

    /// <summary>
    /// A household's people (or members) as one jsonb document, replaced whole when the household is recorded again
    /// (<see cref="StoredAsJsonReplacedWhole{T}"/>), in the shape they have always been stored in (property names as
    /// in C#). Not entities of their own: tracking each person as one cost Needs and Reporting about half of their
    /// time on an event, every new list of people attached, snapshotted and fixed up again at each save
    /// (docs/benchmarks/README.md item 32).
    /// </summary>
    public static PropertyBuilder<List<T>> StoredAsPeopleDocument<T>(this PropertyBuilder<List<T>> property) =>
        property.StoredAsJsonReplacedWhole(JsonSerializerOptions.Default);

    private static PropertyBuilder<T> AsJsonb<T>(this PropertyBuilder<T> property, ValueComparer<T> comparer, JsonSerializerOptions? options = null) where T : class
    {
        var json = options ?? JsonSerializerOptions.Web;
        return property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, json),
            s => JsonSerializer.Deserialize<T>(s, json)!,
            comparer);
    }
}
