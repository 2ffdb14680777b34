using System.Data.Common;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IdpTracker.Reporting.Tests;

/// <summary>What happens to a report when the worker building it dies, or takes longer than Hangfire's invisibility timeout.</summary>
public sealed class ReportWorkerFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2027, 1, 10, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Morning.AddMinutes(1));
    private readonly ServiceDatabase<ReportingDbContext> _database = new("idp_reporting_worker_tests", "Reporting");
    private readonly Subscription _daily = new()
    {
        Id = Guid.NewGuid(), Organisation = "Winter fund", Emails = ["desk@fund.example"], Cron = "0 8 * * *", TimeZone = "Asia/Damascus",
        CreatedAt = Morning.AddHours(-1), ScheduledFrom = Morning.AddHours(-1),
    };

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await _database.WithContextAsync(db =>
        {
            db.Subscriptions.Add(_daily);
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SituationReportJob Job(ReportingDbContext db) => new(db, _clock, Options.Create(new ReportLinkOptions()), NullLogger<SituationReportJob>.Instance);

    [Fact]
    public async Task A_worker_that_dies_while_storing_a_report_leaves_nothing_and_the_retry_builds_it_once()
    {
        // The worker's database session ends as the report is written, as when its process is killed: PostgreSQL
        // rolls its transaction back.
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var options = new DbContextOptionsBuilder<ReportingDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<ReportingDbContext>>())
                .AddInterceptors(new EndSessionOnReportInsert()).Options;
            await using var dying = new ReportingDbContext(options, TimeProvider.System);
            await Assert.ThrowsAnyAsync<Exception>(() => Job(dying).RunScheduledAsync(_daily.Id, CancellationToken.None));
        }
        Assert.Equal((0, 0), await StoredAsync());

        // Hangfire runs the job again (and once more, as a worker that died after storing would leave it).
        await _database.WithContextAsync(async db => { await Job(db).RunScheduledAsync(_daily.Id, CancellationToken.None); return 0; });
        await _database.WithContextAsync(async db => { await Job(db).RunScheduledAsync(_daily.Id, CancellationToken.None); return 0; });

        Assert.Equal((1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_worker_killed_while_building_one_subscriptions_report_holds_up_neither_that_subscription_nor_another()
    {
        var other = new Subscription
        {
            Id = Guid.NewGuid(), Organisation = "Shelter cluster", Emails = ["desk@cluster.example"], Cron = _daily.Cron, TimeZone = _daily.TimeZone,
            CreatedAt = _daily.CreatedAt, ScheduledFrom = _daily.ScheduledFrom,
        };
        await _database.WithContextAsync(db => { db.Subscriptions.Add(other); return db.SaveChangesAsync(); });

        // A worker is building the daily report: it holds that subscription's lock in its own database session.
        await using var worker = new NpgsqlConnection(TestServers.ConnectionString("idp_reporting_worker_tests"));
        await worker.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SubscriptionLock.KeyOf(_daily.Id)})", worker)) await take.ExecuteScalarAsync();

        // Another subscription's report is built meanwhile, without waiting.
        await _database.WithContextAsync(async db => { await Job(db).RunScheduledAsync(other.Id, CancellationToken.None); return 0; });
        Assert.Equal(1, await _database.WithContextAsync(db => db.Reports.CountAsync(r => r.SubscriptionId == other.Id)));

        // A second run of the daily waits for the worker...
        await using var scope = _database.Services.CreateAsyncScope();
        var waiting = Job(scope.ServiceProvider.GetRequiredService<ReportingDbContext>()).RunScheduledAsync(_daily.Id, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted, "a second run of the same subscription did not wait for the first");

        // ...and goes on the moment the worker's process dies and its session ends, not minutes later.
        await using (var admin = new NpgsqlConnection(TestServers.ConnectionString("idp_reporting_worker_tests")))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({worker.ProcessID})", admin);
            await kill.ExecuteScalarAsync();
        }
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 2), (await _database.WithContextAsync(db => db.Reports.CountAsync(r => r.SubscriptionId == _daily.Id)),
            await _database.WithContextAsync(db => db.Reports.CountAsync())));
    }

    private Task<(int Reports, int Published)> StoredAsync() => _database.WithContextAsync(async db =>
        (await db.Reports.CountAsync(r => r.SubscriptionId == _daily.Id),
         await db.Set<OutboxMessage>().CountAsync(m => m.MessageType == typeof(SituationReportPublished).FullName)));

    private sealed class EndSessionOnReportInsert : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO situation_reports", StringComparison.Ordinal))
            {
                var backend = ((NpgsqlConnection)command.Connection!).ProcessID;
                await using var admin = new NpgsqlConnection(TestServers.ConnectionString("idp_reporting_worker_tests"));
                await admin.OpenAsync(cancellationToken);
                await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({backend})", admin);
                await terminate.ExecuteScalarAsync(cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task A_job_longer_than_the_invisibility_timeout_is_run_once_by_two_servers()
    {
        var options = Extensions.HangfireStorageOptions();
        options.SchemaName = $"hangfire_{Guid.NewGuid():N}";
        options.InvisibilityTimeout = TimeSpan.FromSeconds(2);
        options.QueuePollInterval = TimeSpan.FromMilliseconds(200);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(TestServers.ConnectionString("idp_reporting_worker_tests"), options), options);
        SlowReport.Reset();

        var jobId = new BackgroundJobClient(storage).Enqueue(() => SlowReport.BuildAsync(TimeSpan.FromSeconds(7)));
        using (new BackgroundJobServer(new BackgroundJobServerOptions { ServerName = "first", WorkerCount = 1 }, storage))
        using (new BackgroundJobServer(new BackgroundJobServerOptions { ServerName = "second", WorkerCount = 1 }, storage))
        {
            await Eventually.True(() => Task.FromResult(storage.GetMonitoringApi().JobDetails(jobId).History.Any(h => h.StateName == "Succeeded")),
                TimeSpan.FromSeconds(30), "the slow job to finish");
            // Both servers kept polling for more than three timeouts while it ran; neither took it a second time.
            await Task.Delay(options.InvisibilityTimeout * 2);
        }

        Assert.Equal(1, SlowReport.Runs);
    }
}

/// <summary>A report job slower than the invisibility timeout, counting its runs.</summary>
public static class SlowReport
{
    private static int _runs;

    public static int Runs => Volatile.Read(ref _runs);

    public static void Reset() => Volatile.Write(ref _runs, 0);

    public static async Task BuildAsync(TimeSpan duration)
    {
        Interlocked.Increment(ref _runs);
        await Task.Delay(duration);
    }
}
