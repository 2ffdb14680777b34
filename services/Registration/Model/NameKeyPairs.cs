using System.Security.Cryptography;

namespace IdpTracker.Registration.Model;

/// <summary>
/// Two phonetic keys of one member's name hashed together: what duplicate matching looks candidates up by. Two people
/// who may be one share at least two keys of their names (docs/domain.md, "Possible duplicates"); looked up by pair,
/// "Mohammed Ahmad Al-Hassan" reads the few people who carry two of those names together instead of everyone who
/// carries any one of them. Made from the keys' blind hashes, so a pair says no more than its two keys already do.
/// </summary>
public static class NameKeyPairs
{
    /// <summary>
    /// A name of more keys is not paired, as the pairs grow with the square of the keys: a real name has six parts at most;
    /// one of more is matched key by key, and is not found by the pairs of others.
    /// </summary>
    public const int MostKeys = 12;

    /// <summary>Every pair of two of <paramref name="keys"/> (blind hashes of one member's phonetic keys), with the positions of the two.</summary>
    public static IEnumerable<(byte[] Hash, int First, int Second)> Of(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count > MostKeys) yield break;
        for (var first = 0; first < keys.Count; first++)
        for (var second = first + 1; second < keys.Count; second++)
            yield return (Hash(keys[first], keys[second]), first, second);
    }

    /// <summary>
    /// SHA-256 of the two hashes, the lower first (as PostgreSQL orders bytea), cut to the index's 16 bytes: the migration
    /// that paired the keys already stored computes the same in SQL.
    /// </summary>
    private static byte[] Hash(byte[] a, byte[] b)
    {
        var (low, high) = a.AsSpan().SequenceCompareTo(b) <= 0 ? (a, b) : (b, a);
        return SHA256.HashData([.. low, .. high])[..16];
    }
}
