using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Reporting.Tests;

/// <summary>Data written by an earlier version still makes reports after the upgrade.</summary>
public sealed class ReportingMigrationTests
{
    private const string Database = "idp_reporting_migration_tests";
    private static readonly DateTimeOffset Morning = new(2027, 1, 10, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task People_projected_before_specific_needs_were_kept_are_still_counted_after_the_upgrade()
    {
        await TestServers.RecreateDatabaseAsync(Database);
        var centre = Guid.NewGuid();
        await using (var before = Context())
        {
            await before.GetService<IMigrator>().MigrateAsync("20261125205150_SubscriptionLanguage");
            await before.Database.ExecuteSqlAsync($"""
                INSERT INTO centers (id, name, adm1code, adm1name, adm2code, adm2name, floor_area_m2, night_capacity, open, source_version)
                VALUES ({centre}, 'Old school', 'SY08', 'Al-Hasakah', 'SY0800', 'Al-Hasakah', 100, 50, true, 1)
                """);
            await before.Database.ExecuteSqlAsync($$"""
                INSERT INTO households (household_id, center_id, source_version, arrived_at, present, merged, place_version, people)
                VALUES (gen_random_uuid(), {{centre}}, 1, '2027-01-01T00:00:00Z', true, false, 1,
                        '[{"Sex":"female","DateOfBirth":"1990-01-01"},{"Sex":"male","DateOfBirth":"2020-05-05"}]')
                """);
        }

        await using var db = Context();
        await db.Database.MigrateAsync();
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(), Organisation = "Old fund", Emails = ["old@fund.example"], Cron = "0 8 * * *", TimeZone = "Asia/Damascus",
            CreatedAt = Morning.AddDays(-1), ScheduledFrom = Morning.AddDays(-1),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();

        var report = await new SituationReportJob(db, new FakeTimeProvider(Morning.AddMinutes(1)), Options.Create(new ReportLinkOptions()),
            NullLogger<SituationReportJob>.Instance).BuildAsync(subscription, Morning, CancellationToken.None);

        Assert.Equal(2, report.Figures.People);
        Assert.All(report.Figures.Protection.Single().Counts, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Reports_built_before_scopes_were_kept_take_their_subscriptions_scope_in_the_upgrade()
    {
        await TestServers.RecreateDatabaseAsync(Database);
        var (centre, subscription, report) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var before = Context())
        {
            await before.GetService<IMigrator>().MigrateAsync("20261203073052_ProjectionRowVersions");
            await before.Database.ExecuteSqlAsync($"""
                INSERT INTO centers (id, name, adm1code, adm1name, adm2code, adm2name, floor_area_m2, night_capacity, open, source_version)
                VALUES ({centre}, 'Old school', 'SY07', 'Idleb', 'SY0703', 'Harim', 100, 50, true, 1)
                """);
            await before.Database.ExecuteSqlAsync($"""
                INSERT INTO subscriptions (id, organisation, emails, cron, time_zone, areas, centres, created_at, scheduled_from, language, formats, webhook_secret_version)
                VALUES ({subscription}, 'Old fund', ARRAY['old@fund.example'], '0 8 * * *', 'Asia/Damascus', ARRAY['SY08'], ARRAY[{centre}]::uuid[],
                        now(), now(), 'en', ARRAY['html'], 0)
                """);
            await before.Database.ExecuteSqlAsync($$"""
                INSERT INTO situation_reports (id, subscription_id, occurrence, created_at, subject, html, text, csv, pdf, figures)
                VALUES ({{report}}, {{subscription}}, now(), now(), 'Old report', '', '', '', ''::bytea, '{}')
                """);
        }

        await using var db = Context();
        await db.Database.MigrateAsync();

        Assert.Equal(["SY08", "SY0703"], (await db.Reports.SingleAsync(r => r.Id == report)).ScopeAreas);
    }

    private static ReportingDbContext Context() => new(new DbContextOptionsBuilder<ReportingDbContext>()
        .UseNpgsql(TestServers.ConnectionString(Database), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention().Options, TimeProvider.System);
}
