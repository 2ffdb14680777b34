using IdpTracker.EndToEnd.Tests;
using IdpTracker.Testing;
using Npgsql;

namespace IdpTracker.Faults.Tests;

/// <summary>
/// Reads what the system holds once the fault has healed and the system has gone quiet, and checks it against the
/// workload's history: nothing acknowledged is lost, nothing took effect twice, every figure equals its source, and
/// nothing is left in flight.
/// </summary>
public static class Checker
{
    /// <summary>How long the system may take to go quiet after the fault healed (a consumer's backlog to drain).</summary>
    public static readonly TimeSpan QuietWithin = TimeSpan.FromMinutes(3);

    public static async Task AssertKeptItsPromiseAsync(SystemFixture system, Workload workload, IReadOnlyList<Guid> centres, params string[] expectedSetAside)
    {
        // Every household that got a 2xx is in the register, once (the id is the key), and nothing else is.
        var stored = await HouseholdsAsync(centres);
        var acknowledged = workload.Acknowledged.Keys.ToHashSet();
        Assert.True(acknowledged.SetEquals(stored), $"{acknowledged.Except(stored).Count()} acknowledged households missing, {stored.Except(acknowledged).Count()} stored without an acknowledgement");
        Assert.Equal(workload.Acknowledged.Values.Sum(h => h.People), await ScalarAsync<long>("Registration",
            "SELECT count(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.center_id = ANY(@centres)", centres));

        // Every distribution that got a 2xx is in Needs once, and the centres' blankets delivered add up to them.
        var distributed = workload.Distributed.Keys.ToArray();
        Assert.Equal(distributed.Length, await ScalarAsync<long>("Needs", $"SELECT count(*) FROM distributions WHERE center_id = ANY(@centres) AND id = ANY('{{{string.Join(',', distributed)}}}'::uuid[])", centres));
        Assert.Equal(distributed.Length, await ScalarAsync<long>("Needs", "SELECT count(*) FROM distributions WHERE center_id = ANY(@centres)", centres));
        Assert.Equal(workload.Distributed.Values.Sum(d => d.Blankets), await ScalarAsync<long>("Needs",
            "SELECT coalesce(sum(quantity), 0) FROM distributions WHERE center_id = ANY(@centres) AND item = 'Blanket'", centres));

        foreach (var centre in centres)
        {
            var gaps = await system.Gateway.GetJsonOrNullAsync($"api/needs/gaps?centerId={centre}");
            var blankets = gaps!["items"]!.AsArray().Single(i => string.Equals(i!["item"]!.GetValue<string>(), "blanket", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(workload.Distributed.Values.Where(d => d.Centre == centre).Sum(d => d.Blankets), blankets!["delivered"]!.GetValue<int>());
        }

        // A centre's occupancy, from the totals the database keeps with every write (ADR-013), is what counting its
        // present households and their people afresh gives, key by key.
        const string Totals = "(SELECT center_id, presence, sex, date_of_birth, households, people FROM occupancy_totals " +
            "UNION ALL SELECT center_id, presence, sex, date_of_birth, households, people FROM occupancy_changes) t";
        const string Present = "h.current_center_id = ANY(@centres) AND h.status = 'Present' AND h.merged_into_id IS NULL";
        Assert.Equal(
            await GroupsAsync("Registration", $"SELECT h.current_center_id::text || '/' || h.presence, count(*) FROM households h WHERE {Present} GROUP BY 1", centres),
            await GroupsAsync("Registration", $"SELECT center_id::text || '/' || presence, sum(households) FROM {Totals} WHERE center_id = ANY(@centres) AND sex IS NULL GROUP BY 1 HAVING sum(households) <> 0", centres));
        Assert.Equal(
            await GroupsAsync("Registration", "SELECT h.current_center_id::text || '/' || h.presence || '/' || m.sex || '/' || m.date_of_birth, count(*) " +
                $"FROM members m JOIN households h ON h.id = m.household_id WHERE {Present} GROUP BY 1", centres),
            await GroupsAsync("Registration", $"SELECT center_id::text || '/' || presence || '/' || sex || '/' || date_of_birth, sum(people) FROM {Totals} " +
                "WHERE center_id = ANY(@centres) AND sex IS NOT NULL GROUP BY 1 HAVING sum(people) <> 0", centres));

        // Needs and Reporting count every person once: by centre and sex as the register does, and by age bracket alike.
        var register = await GroupsAsync("Registration",
            "SELECT h.center_id::text || '/' || lower(m.sex), count(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.center_id = ANY(@centres) GROUP BY 1", centres);
        string? differs = null;
        await WithLastDifferenceAsync(() => Eventually.True(async () =>
        {
            var needs = await GroupsAsync("Needs", "SELECT center_id::text || '/' || lower(sex) || '/' || age_bracket, sum(people) FROM people_tallies WHERE center_id = ANY(@centres) GROUP BY 1", centres);
            var reporting = await GroupsAsync("Reporting", "SELECT center_id::text || '/' || lower(sex) || '/' || age_bracket, sum(people) FROM people_counts WHERE center_id = ANY(@centres) GROUP BY 1", centres);
            var totalled = await GroupsAsync("Needs", TotalsQuery("people_tally_totals", TallyKey), centres);
            var tallied = await GroupsAsync("Needs", TotalsQuery("people_tallies", TallyKey), centres);
            differs = Differences("Needs", BySex(needs), register) ?? Differences("Reporting", BySex(reporting), register) ?? Differences("Needs against Reporting", needs, reporting)
                      ?? Differences("Needs' totals against its tallies", totalled, tallied)
                      ?? Differences("Reporting's totals against its counts", await GroupsAsync("Reporting", TotalsQuery("people_count_totals", CountKey), centres),
                          await GroupsAsync("Reporting", TotalsQuery("people_counts", CountKey), centres))
                      ?? Differences("Reporting's arrival totals against its counts", await GroupsAsync("Reporting", TotalsQuery("arrival_totals", "center_id, arrived_in"), centres),
                          await GroupsAsync("Reporting", TotalsQuery("people_counts", ArrivalQuarterKey), centres))
                      ?? Differences("Reporting's protection totals against its counts", await GroupsAsync("Reporting", ProtectionTotalsQuery, centres),
                          await GroupsAsync("Reporting", ProtectionFromCountsQuery, centres))
                      ?? Differences("Needs' centre totals against its households", await GroupsAsync("Needs", CentreTotalsQuery, centres),
                          await GroupsAsync("Needs", CentreTotalsFromHouseholdsQuery, centres));
            return differs is null;
        }, QuietWithin, "Needs' and Reporting's figures to equal the register's"), async () => $"{differs}; {await InFlightAsync(system, centres)}");

        // Nothing left in flight: every outbox sent, every queue empty, nothing set aside but what the test set aside on purpose.
        await Eventually.True(async () =>
        {
            foreach (var service in SystemFixture.DatabaseServices)
            {
                if (await ScalarAsync<long>(service, "SELECT count(*) FROM outbox_message", centres) > 0) return false;
            }
            return (await QueuesAsync(system)).Where(q => !IsSetAside(q.Name)).All(q => q.Ready + q.Unacknowledged == 0);
        }, QuietWithin, "every outbox and every queue to be empty");
        var setAside = (await QueuesAsync(system)).Where(q => IsSetAside(q.Name) && q.Ready + q.Unacknowledged > 0).Select(q => q.Name).Order().ToArray();
        Assert.Equal(expectedSetAside.Order().ToArray(), setAside);
    }

    /// <summary>
    /// Clients saw errors only while the fault lasted and for at most <paramref name="recoveryBound"/> after it healed.
    /// </summary>
    /// <returns>The seconds from the heal until the last error a client saw (0 when none came after it).</returns>
    public static double AssertErrorsOnlyDuring(Workload workload, double faultAt, double healedAt, TimeSpan recoveryBound)
    {
        var outside = workload.Failures.Where(f => f.At < faultAt - 0.5 || f.At > healedAt + recoveryBound.TotalSeconds).ToList();
        Assert.True(outside.Count == 0, $"errors outside the fault window [{faultAt:0.0} s, {healedAt:0.0} s + {recoveryBound.TotalSeconds} s]: "
            + string.Join(", ", outside.Take(10).Select(f => $"{f.What} at {f.At:0.0} s")));
        var after = workload.Failures.Where(f => f.At > healedAt).Select(f => f.At - healedAt).DefaultIfEmpty(0).Max();
        return after;
    }

    private const string TallyKey = "center_id, sex, age_bracket, winterization, heating, priority_score, presence";
    private const string CountKey = "center_id, place, sex, age_bracket";
    private const string ArrivalQuarterKey = "center_id, to_timestamp(floor(extract(epoch FROM arrived_at) / 900) * 900)";

    /// <summary>
    /// People and households per key of a service's totals (what the summary or the live figures add up), read from
    /// the totals or from the per-household rows they are kept from.
    /// </summary>
    private static string TotalsQuery(string table, string key) => $"""
        SELECT concat_ws('/', {key}, 'people'), sum(people) FROM {table} WHERE center_id = ANY(@centres) GROUP BY 1
        UNION ALL
        SELECT concat_ws('/', {key}, 'households'), sum(households) FROM {table} WHERE center_id = ANY(@centres) GROUP BY 1
        """;

    /// <summary>People and households per centre and protection category: Reporting's protection totals, or added up from its per-household rows.</summary>
    private const string ProtectionTotalsQuery = """
        SELECT concat_ws('/', center_id, category, 'people'), count FROM protection_count_totals WHERE center_id = ANY(@centres)
        UNION ALL
        SELECT concat_ws('/', center_id, category, 'households'), households FROM protection_count_totals WHERE center_id = ANY(@centres)
        """;

    private const string ProtectionFromCountsQuery = """
        SELECT concat_ws('/', center_id, category, 'people'), sum(count) FROM protection_counts WHERE center_id = ANY(@centres) GROUP BY 1
        UNION ALL
        SELECT concat_ws('/', center_id, category, 'households'), count(*) FROM protection_counts WHERE center_id = ANY(@centres) GROUP BY 1
        """;

    /// <summary>What the centres' list and the gaps read, per centre: from Needs' centre totals, or counted from its households.</summary>
    private const string CentreTotalsQuery = """
        SELECT t.center_id::text || '/' || f.name, f.value FROM center_need_totals t
        CROSS JOIN LATERAL (VALUES ('households', t.households), ('people', t.people), ('at night', t.people_at_night), ('by day', t.people_by_day),
            ('blankets', t.blankets), ('fuel', t.fuel_litres), ('blankets delivered', t.blankets_delivered)) f(name, value)
        WHERE t.center_id = ANY(@centres)
        """;

    private const string CentreTotalsFromHouseholdsQuery = """
        SELECT h.center_id::text || '/' || f.name, sum(f.value) FROM household_needs h
        CROSS JOIN LATERAL (SELECT coalesce(sum(d.quantity), 0)::int AS blankets FROM distributions d WHERE d.household_id = h.household_id AND d.item = 'Blanket') d
        CROSS JOIN LATERAL (VALUES ('households', 1), ('people', h.people), ('at night', CASE WHEN h.presence <> 'dayOnly' THEN h.people ELSE 0 END),
            ('by day', CASE WHEN h.presence <> 'nightOnly' THEN h.people ELSE 0 END), ('blankets', h.blankets), ('fuel', h.fuel_litres),
            ('blankets delivered', d.blankets)) f(name, value)
        WHERE h.present AND NOT h.merged AND h.source_version > 0 AND h.center_id = ANY(@centres)
        GROUP BY 1
        """;

    /// <summary>A wait that timed out says what was still different when it gave up.</summary>
    private static async Task WithLastDifferenceAsync(Func<Task> wait, Func<Task<string>> difference)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Still different: {await difference()}", ex);
        }
    }

    /// <summary>What is still on its way: outbox rows per service and messages in each queue that holds any.</summary>
    private static async Task<string> InFlightAsync(SystemFixture system, IReadOnlyList<Guid> centres)
    {
        var outboxes = new List<string>();
        foreach (var service in SystemFixture.DatabaseServices)
        {
            outboxes.Add($"{service} outbox {await ScalarAsync<long>(service, "SELECT count(*) FROM outbox_message", centres)}");
        }
        var queues = (await QueuesAsync(system)).Where(q => q.Ready + q.Unacknowledged > 0).Select(q => $"{q.Name} {q.Ready} ready {q.Unacknowledged} unacknowledged");
        return string.Join(", ", outboxes.Concat(queues));
    }

    private static bool IsSetAside(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_dead", StringComparison.Ordinal);

    private static Dictionary<string, long> BySex(Dictionary<string, long> byBracket) =>
        byBracket.GroupBy(g => g.Key[..g.Key.LastIndexOf('/')]).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));

    private static string? Differences(string what, Dictionary<string, long> actual, Dictionary<string, long> expected)
    {
        var keys = actual.Keys.Union(expected.Keys).Where(k => actual.GetValueOrDefault(k) != expected.GetValueOrDefault(k)).ToList();
        return keys.Count == 0 ? null : $"{what}: " + string.Join(", ", keys.Take(5).Select(k => $"{k} {actual.GetValueOrDefault(k)} instead of {expected.GetValueOrDefault(k)}"));
    }

    private static async Task<HashSet<Guid>> HouseholdsAsync(IReadOnlyList<Guid> centres)
    {
        await using var connection = await OpenAsync("Registration");
        await using var command = new NpgsqlCommand("SELECT id FROM households WHERE center_id = ANY(@centres)", connection);
        command.Parameters.AddWithValue("centres", centres.ToArray());
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<Dictionary<string, long>> GroupsAsync(string service, string sql, IReadOnlyList<Guid> centres)
    {
        await using var connection = await OpenAsync(service);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("centres", centres.ToArray());
        var groups = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) groups[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
        return groups;
    }

    private static async Task<T> ScalarAsync<T>(string service, string sql, IReadOnlyList<Guid> centres)
    {
        await using var connection = await OpenAsync(service);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("centres", centres.ToArray());
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string service)
    {
        // Not pooled: a pooled connection from before a database restart would be a dead one.
        var connection = new NpgsqlConnection(TestServers.ConnectionString(SystemFixture.Database(service)) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public sealed record Queue(string Name, long Ready, long Unacknowledged);

    public static async Task<List<Queue>> QueuesAsync(SystemFixture system)
    {
        var output = await system.RabbitMqCtlAsync("list_queues", "-q", "--no-table-headers", "-p", SystemFixture.VirtualHost, "name", "messages_ready", "messages_unacknowledged");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3)
            .Select(f => new Queue(f[0], long.Parse(f[1]), long.Parse(f[2]))).ToList();
    }
}
