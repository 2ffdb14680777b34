using System.Collections.Concurrent;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Application;

/// <summary>
/// How many people in the register carry each phonetic name key, counted from the blind index and kept a while: a
/// common key ("Mohammed") is asked about with nearly every household. A count is kept for a few minutes, and only
/// while the register has not grown by a tenth since: in a surge, frequencies counted when the first hundred
/// families had arrived would make every name look rare. Counts stop at <see cref="CountUpTo"/>: past that a name
/// part is common, and how common no longer changes its weight much.
/// </summary>
public sealed class NameFrequencyCounter(TimeProvider clock)
{
    public const int CountUpTo = 20_000;
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5), RegisterCountedEvery = TimeSpan.FromSeconds(20);
    private const double Growth = 1.1;

    private readonly ConcurrentDictionary<string, (long Count, long Register, DateTimeOffset CountedAt)> _keys = new();
    private (long People, DateTimeOffset CountedAt) _register = (0, DateTimeOffset.MinValue);

    public async Task<NameFrequencies> ForAsync(RegistrationDbContext db, IEnumerable<byte[]> hashes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _register.CountedAt > RegisterCountedEvery)
        {
            _register = (await db.Set<Member>().LongCountAsync(cancellationToken), now);
        }
        var register = _register.People;
        var wanted = hashes.DistinctBy(Convert.ToHexString).ToList();
        var stale = wanted.Where(h => !_keys.TryGetValue(Convert.ToHexString(h), out var known)
                                      || now - known.CountedAt > KeptFor || register > known.Register * Growth).ToArray();
        if (stale.Length > 0)
        {
            var counts = await db.Database.SqlQuery<KeyCount>($"""
                SELECT k.hash AS "Hash",
                       (SELECT count(*) FROM (SELECT 1 FROM name_index e WHERE e.hash = k.hash LIMIT {CountUpTo}) up_to) AS "People"
                FROM unnest({stale}::bytea[]) AS k(hash)
                """).ToListAsync(cancellationToken);
            foreach (var count in counts) _keys[Convert.ToHexString(count.Hash)] = (count.People, register, now);
        }
        return new NameFrequencies(wanted.Select(Convert.ToHexString).ToDictionary(h => h, h => _keys.TryGetValue(h, out var k) ? k.Count : 0), register);
    }

    private sealed record KeyCount(byte[] Hash, long People);
}
