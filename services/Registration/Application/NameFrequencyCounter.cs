using System.Collections.Concurrent;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Application;

/// <summary>
/// How many people in the register carry each phonetic name key, counted from the blind index and kept a while: a
/// common key ("Mohammed") is asked about with nearly every household. A count is kept for a few minutes, and only
/// while the register has not grown by a tenth since: in a surge, frequencies counted when the first hundred
/// families had arrived would make every name look rare. Every count is whole, however common the key: a count
/// stopped at some number would make "Mohammed" (a quarter of a large register) weigh as a name carried by that
/// number, several bits too much for each common part two unrelated families share (docs/domain.md, "Possible
/// duplicates"). Counting a common key reads its whole index range, so a count of <see cref="CommonFrom"/> or more
/// is kept until the register grows by a tenth, or for an hour, and is then counted again beside whoever asked, who
/// is given the count already known: a name search is not held up by "Mohammed" being counted again. A key never
/// counted since the service started that PostgreSQL's statistics list among the name index's most common values, as
/// carried by <see cref="CommonFrom"/> or more, is given their estimate at once and counted beside in the same way: the
/// first search after a restart, on cold caches, would otherwise read "Mohammed"'s whole index range first (5.8 s at
/// 1,180,000 households).
/// </summary>
/// <param name="scopes">Where a recount beside the asker takes a context of its own: the asker's may be gone before it ends.</param>
/// <param name="countedExactlyUpTo">
/// Up to how many people the register is counted one by one; a larger one is sized from PostgreSQL's statistics
/// (<see cref="RegisterSizeAsync"/>).
/// </param>
public sealed class NameFrequencyCounter(
    TimeProvider clock, IServiceScopeFactory scopes, long countedExactlyUpTo = NameFrequencyCounter.CountedExactlyUpTo, ILogger<NameFrequencyCounter>? logger = null)
{
    /// <summary>From how many carriers a key is common: its share moves slowly, and counting it reads 0.1-0.7 s of index at two million people.</summary>
    public const long CommonFrom = 20_000;

    /// <summary>
    /// Counting people one by one reads the whole members table: 4 s of the database every 20 s at 11 million people
    /// (docs/benchmarks/README.md item 22), beside every search and every household the finder matches.
    /// </summary>
    public const long CountedExactlyUpTo = 200_000;

    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5), CommonKeptFor = TimeSpan.FromHours(1),
        RegisterCountedEvery = TimeSpan.FromSeconds(20);
    private const double Growth = 1.1;

    private readonly ConcurrentDictionary<string, (long Count, long Register, DateTimeOffset CountedAt)> _keys = new();
    private (long People, DateTimeOffset CountedAt) _register = (0, DateTimeOffset.MinValue);
    private IReadOnlyDictionary<string, long> _estimated = new Dictionary<string, long>();

    public async Task<NameFrequencies> ForAsync(RegistrationDbContext db, IEnumerable<byte[]> hashes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _register.CountedAt > RegisterCountedEvery)
        {
            _register = (await RegisterSizeAsync(db, cancellationToken), now);
            _estimated = await CommonKeysEstimatedAsync(db, cancellationToken);
        }
        var register = _register.People;
        var wanted = hashes.DistinctBy(Convert.ToHexString).ToList();
        var stale = wanted.Where(h => !_keys.TryGetValue(Convert.ToHexString(h), out var known)
                                      || now - known.CountedAt > (known.Count >= CommonFrom ? CommonKeptFor : KeptFor)
                                      || register > known.Register * Growth).ToArray();
        foreach (var hash in stale)
        {
            // Never counted: the estimate stands in until the count beside replaces it (counted at: never).
            var key = Convert.ToHexString(hash);
            if (_estimated.TryGetValue(key, out var estimate)) _keys.TryAdd(key, (estimate, register, DateTimeOffset.MinValue));
        }
        var common = stale.Where(h => _keys.TryGetValue(Convert.ToHexString(h), out var k) && k.Count >= CommonFrom).ToArray();
        if (common.Length > 0) RecountBeside(common, register, now);
        if (stale.Length > common.Length) await CountAsync(db, stale.Except(common).ToArray(), register, now, cancellationToken);
        return new NameFrequencies(wanted.Select(Convert.ToHexString).ToDictionary(h => h, h => _keys.TryGetValue(h, out var k) ? k.Count : 0), register);
    }

    /// <summary>
    /// The common keys' recount under way, if any: one at a time, in a scope of its own (the asker's request or message
    /// is usually over, and its context disposed, before the count is). Awaited by tests.
    /// </summary>
    public Task Recounting { get; private set; } = Task.CompletedTask;

    private readonly Lock _recountGate = new();

    private void RecountBeside(byte[][] hashes, long register, DateTimeOffset now)
    {
        lock (_recountGate)
        {
            // Keys still stale once this one is done are counted at the next ask after it.
            if (!Recounting.IsCompleted) return;
            Recounting = Task.Run(async () =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await CountAsync(scope.ServiceProvider.GetRequiredService<RegistrationDbContext>(), hashes, register, now, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The counts known are still given; the next ask tries again.
                    logger?.LogWarning(ex, "Counting {Count} common name key(s) again failed", hashes.Length);
                }
            });
        }
    }

    private async Task CountAsync(RegistrationDbContext db, byte[][] hashes, long register, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Phonetic keys only are counted; "(e.phonetic OR e.pair)" is the match index's own condition, so the count
        // reads the index alone: "e.phonetic" would check each carrier in the table, 5.3 s instead of 0.4 for a key
        // carried by 740,000 people (ADR-014).
        var counts = await db.Database.SqlQuery<KeyCount>($"""
            SELECT k.hash AS "Hash",
                   (SELECT count(*) FROM name_index e WHERE e.hash = k.hash AND (e.phonetic OR e.pair)) AS "People"
            FROM unnest({hashes}::bytea[]) AS k(hash)
            """).ToListAsync(cancellationToken);
        foreach (var count in counts) _keys[Convert.ToHexString(count.Hash)] = (count.People, register, now);
    }

    /// <summary>
    /// The name index's most common keys, as carried by <see cref="CommonFrom"/> or more, with the number of entries
    /// PostgreSQL's last ANALYZE estimates for each (its share of a sample, times the index's size now): a few per cent
    /// off, a fraction of a bit of weight. Nothing until the index has been analysed.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, long>> CommonKeysEstimatedAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var index = db.Model.FindEntityType(typeof(NameIndexEntry))!;
        var estimates = await db.Database.SqlQuery<KeyCount>($"""
            SELECT m.hash AS "Hash", (m.share * greatest(c.reltuples, pg_stat_get_live_tuples(c.oid)))::bigint AS "People"
            FROM pg_stats s
            CROSS JOIN LATERAL unnest(s.most_common_vals::text::bytea[], s.most_common_freqs) AS m(hash, share)
            JOIN pg_class c ON c.oid = to_regclass(quote_ident(s.schemaname) || '.' || quote_ident(s.tablename))
            WHERE s.schemaname = coalesce({index.GetSchema()}, current_schema()) AND s.tablename = {index.GetTableName()} AND s.attname = 'hash'
              AND m.share * greatest(c.reltuples, pg_stat_get_live_tuples(c.oid)) >= {CommonFrom}
            """).ToListAsync(cancellationToken);
        return estimates.ToDictionary(e => Convert.ToHexString(e.Hash), e => e.People);
    }

    /// <summary>
    /// How many people the register holds: counted while it is small, where a surge soon grows it by a tenth; past
    /// <see cref="CountedExactlyUpTo"/>, the live rows PostgreSQL keeps count of as rows are written and removed
    /// (the larger of that and the size its last ANALYZE found, since the live count starts again from nothing after a
    /// crash). A few per cent off moves a name part's weight by a fraction of a bit.
    /// </summary>
    private async Task<long> RegisterSizeAsync(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var table = db.Model.FindEntityType(typeof(Member))!;
        var name = table.GetSchema() is { } schema ? $"{schema}.{table.GetTableName()}" : table.GetTableName();
        var estimate = await db.Database.SqlQuery<long>($"""
            SELECT greatest(coalesce(pg_stat_get_live_tuples(c.oid), 0), c.reltuples::bigint, 0) AS "Value"
            FROM pg_class c WHERE c.oid = to_regclass({name})
            """).SingleAsync(cancellationToken);
        return estimate > countedExactlyUpTo ? estimate : await db.Set<Member>().LongCountAsync(cancellationToken);
    }

    private sealed record KeyCount(byte[] Hash, long People);
}
