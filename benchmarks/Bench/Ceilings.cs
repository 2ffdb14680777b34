using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MassTransit;
using IdpTracker.Bench;
using RabbitMQ.Client;

/// <summary>
/// What this machine's PostgreSQL and RabbitMQ can do at best for the work the system asks of them: the yardsticks
/// the system's own figures are divided by.
/// </summary>
static partial class Ceilings
{
    public const int MembersPerHousehold = 5;
    private const int BlindIndexRowsPerMember = 6;
    public static readonly int[] Clients = [8, 16];
    private const string Database = "idp_bench_ceiling";

    /// <summary>Households per second by concurrency, for Ingest to compare against.</summary>
    public static Dictionary<int, double> HouseholdsPerSecond { get; } = [];

    /// <summary>Events per second through the broker to two consuming queues, for Pipeline to compare against.</summary>
    public static double EventsPerSecond { get; private set; }

    /// <summary>
    /// pgbench runs, for each household, the statements Registration runs to register a new one sent by a phone: the
    /// reach check and the read of what is stored, then one transaction with the household, its members, their blind
    /// index rows (five per member), the version kept, the audit row and the outbox row, into a copy of Registration's
    /// tables and indexes. No encryption, JSON or HTTP: what the database alone allows.
    /// </summary>
    public static async Task MeasureDatabaseAsync(BenchSystem system, BenchReport report)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Order().Last() + "/bin";
        var connection = new[] { "-h", "127.0.0.1", "-p", system.Options.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres" };
        await system.ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await system.ExecuteAsync("postgres", $"CREATE DATABASE {Database}");
        var schema = await BenchSystem.RunAsync($"{bin}/pg_dump", [.. connection, "--schema-only", "--no-owner", "idp_registration"]);
        var centres = await BenchSystem.RunAsync($"{bin}/pg_dump", [.. connection, "--data-only", "--table=centers", "idp_registration"]);
        var dump = Path.GetTempFileName();
        await File.WriteAllTextAsync(dump, schema + centres);
        await BenchSystem.RunAsync($"{bin}/psql", [.. connection, "-q", "-v", "ON_ERROR_STOP=1", "-f", dump, Database]);
        File.Delete(dump);

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, HouseholdScript(system.Centres[0]));
        var rows = new StringBuilder()
            .AppendLine($"pgbench (`-M prepared`, {system.Options.Seconds} s per row) into a copy of Registration's tables and indexes (`pg_dump --schema-only`), one transaction per household of {MembersPerHousehold} members: the reach check and the read of the stored household, then the household, {MembersPerHousehold} members, {MembersPerHousehold * BlindIndexRowsPerMember} blind-index rows (five keys and a pair of keys a member), the kept version (2.6 KB), the audit row and the outbox row (1 KB) - the statements Registration's log shows for one household sent by a phone.")
            .AppendLine()
            .AppendLine("| Clients | households/s | mean latency (ms) |")
            .AppendLine("|---|---|---|");
        foreach (var clients in Clients)
        {
            var output = await BenchSystem.RunAsync($"{bin}/pgbench", [.. connection, "-n", "-M", "prepared", "-c", $"{clients}", "-j", "2",
                "-T", $"{system.Options.Seconds}", "-f", script, Database]);
            var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var latency = double.Parse(Latency().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            HouseholdsPerSecond[clients] = tps;
            rows.AppendLine($"| {clients} | {tps:N0} | {latency:N1} |");
        }
        File.Delete(script);
        await system.ExecuteAsync("postgres", $"DROP DATABASE {Database} WITH (FORCE)");
        report.Section("Ceiling: PostgreSQL", rows.ToString());
    }

    private static string HouseholdScript(Guid centre)
    {
        var id = "md5(:client_id::text || '-' || :n::text)::uuid";
        string Member(int m) => $"md5(:client_id::text || '-' || :n::text || '-{m}')::uuid";
        var script = new StringBuilder()
            .AppendLine("\\set n random(1, 1000000000000)")
            .AppendLine($"SELECT EXISTS (SELECT 1 FROM households AS h WHERE h.id = {id});")
            .AppendLine($"SELECT h.*, m.* FROM (SELECT * FROM households AS h WHERE h.id = {id} LIMIT 1) AS h LEFT JOIN members AS m ON h.id = m.household_id ORDER BY h.id;")
            .AppendLine("BEGIN;")
            .AppendLine($"INSERT INTO audit_entries (action, actor, at, client, detail, household_id) VALUES ('Create', 'a5a5c580-ecd7-4c81-8394-e27b9b88c8de', now(), 'idp-web', NULL, {id});")
            .AppendLine($"INSERT INTO household_versions (id, base_version, change, content, household_id, stored_at, stored_by, version) VALUES (gen_random_uuid(), NULL, 'Registered', repeat('v', 2600), {id}, now(), 'a5a5c580-ecd7-4c81-8394-e27b9b88c8de', 1);")
            .AppendLine("INSERT INTO households (id, arrived_at, center_id, contact_cipher, content_hash, current_center_id, destination, displaced_on, last_follow_up_at, merged_at, merged_into_id, name_keys_version, origin_adm1code, origin_adm2code, origin_adm3code, origin_neighbourhood, overdue_since, phone_key, place_version, presence, previous_displacements, purged_at, registered_at, status, status_since, updated_at, version) " +
                        $"VALUES ({id}, now(), '{centre}', NULL, md5(:n::text) || md5(:n::text), '{centre}', NULL, NULL, NULL, NULL, NULL, 2, NULL, NULL, NULL, NULL, NULL, NULL, 1, 'DayAndNight', NULL, NULL, now(), 'Present', now(), now(), 1);")
            .AppendLine("INSERT INTO outbox_message (attempts, body, created_at, last_error, message_id, message_type, not_before, trace_parent, trace_state) " +
                        $"VALUES (0, '{{\"members\": \"{new string('m', 1000)}\"}}', now(), NULL, gen_random_uuid(), 'IdpTracker.Contracts.Registration.HouseholdArrived', NULL, '00-8c0c9f07cff215e1cf5f12c67a1bc631-2c447ed688cf2c23-01', NULL);");
        for (var m = 0; m < MembersPerHousehold; m++)
        {
            script.AppendLine("INSERT INTO members (id, date_of_birth, date_of_birth_estimated, household_id, personal_cipher, position, relationship, sex, specific_needs) " +
                              $"VALUES ({Member(m)}, '1980-01-02', false, {id}, repeat('p', 140), {m}, 'Child', 'Male', '{{}}');");
            // The bench's member: five keys, two of them phonetic, and the pair of those two.
            for (var k = 0; k < BlindIndexRowsPerMember; k++)
            {
                script.AppendLine("INSERT INTO name_index (hash, household_id, member_id, date_of_birth, phonetic, pair, sex) " +
                                  $"VALUES (decode(md5(:n::text || '-{m}-{k}'), 'hex'), {id}, {Member(m)}, '1980-01-02', {(k is 3 or 4 ? "true" : "false")}, {(k == 5 ? "true" : "false")}, 'Male');");
            }
        }
        return script.AppendLine("COMMIT;").ToString();
    }

    /// <summary>
    /// MassTransit on the same broker with the services' queue settings (quorum queues, prefetch 64, 16 at a time,
    /// publisher confirms): one publisher, two consuming queues as Needs and Reporting consume Registration's events.
    /// </summary>
    public static async Task MeasureBrokerAsync(BenchSystem system, BenchReport report)
    {
        var total = system.Options.Quick ? 5_000 : 20_000;
        var consumed = new CountdownEvent(total * 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)system.Options.BrokerPort, "/", h => { h.Username("guest"); h.Password("guest"); h.PublisherConfirmation = true; });
            foreach (var queue in Queues)
            {
                cfg.ReceiveEndpoint(queue, e =>
                {
                    e.SetQuorumQueue();
                    e.PrefetchCount = 64;
                    e.ConcurrentMessageLimit = 16;
                    e.Handler<BenchArrived>(_ =>
                    {
                        consumed.Signal();
                        return Task.CompletedTask;
                    });
                });
            }
        });
        await bus.StartAsync();
        try
        {
            var inFlight = new SemaphoreSlim(256);
            var members = Enumerable.Range(0, MembersPerHousehold).Select(_ => new string('m', 160)).ToArray();
            var watch = Stopwatch.StartNew();
            var publishing = Enumerable.Range(0, total).Select(async _ =>
            {
                await inFlight.WaitAsync();
                try
                {
                    await bus.Publish(new BenchArrived(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1, members));
                }
                finally
                {
                    inFlight.Release();
                }
            }).ToList();
            await Task.WhenAll(publishing);
            var published = watch.Elapsed.TotalSeconds;
            if (!consumed.Wait(TimeSpan.FromMinutes(5))) throw new TimeoutException("the broker ceiling's messages were not all consumed in 5 minutes");
            var seconds = watch.Elapsed.TotalSeconds;
            EventsPerSecond = total / seconds;
            report.Section("Ceiling: RabbitMQ", $"MassTransit alone on the same broker, the services' settings (quorum queues, prefetch 64, 16 at a time, publisher confirms, up to 256 publishes awaiting their confirm): {total:N0} events of a household's size published ({total / published:N0}/s) and consumed by two queues, as Needs and Reporting each consume Registration's events, in {seconds:N1} s: **{EventsPerSecond:N0} events/s** end to end.");
        }
        finally
        {
            await bus.StopAsync();
            await DeleteAsync(system);
        }
    }

    private static readonly string[] Queues = ["bench-ceiling-needs", "bench-ceiling-reporting"];

    private static async Task DeleteAsync(BenchSystem system)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = system.Options.BrokerPort, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in Queues)
        {
            await channel.QueueDeleteAsync(queue);
            await channel.ExchangeDeleteAsync(queue);
        }
        await channel.ExchangeDeleteAsync("IdpTracker.Bench:BenchArrived");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}

namespace IdpTracker.Bench
{
    /// <summary>A household's arrival as Registration publishes it, in size: ids, facts, five members.</summary>
    public sealed record BenchArrived(Guid HouseholdId, Guid CenterId, DateTimeOffset ArrivedAt, int Version, string[] Members);
}
