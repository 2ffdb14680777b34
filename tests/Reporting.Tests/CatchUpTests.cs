using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Reporting.Tests;

/// <summary>The report job against the real database, with a clock the test moves.</summary>
public sealed class CatchUpTests : IAsyncLifetime
{
    // 08:00 in Damascus is 05:00 UTC.
    private static readonly DateTimeOffset FirstMorning = new(2027, 1, 10, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(FirstMorning.AddHours(-2));
    private readonly ServiceDatabase<ReportingDbContext> _database = new("idp_reporting_catch_up_tests", "Reporting");
    private readonly Subscription _daily = new()
    {
        Id = Guid.NewGuid(), Organisation = "Winter fund", Emails = ["desk@fund.example"], Cron = "0 8 * * *", TimeZone = "Asia/Damascus",
    };

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _daily.CreatedAt = _clock.GetUtcNow();
        await _database.WithContextAsync(db =>
        {
            db.Subscriptions.Add(_daily);
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task RunAsync() => _database.WithContextAsync(async db =>
    {
        await new SituationReportJob(db, _clock, NullLogger<SituationReportJob>.Instance).RunScheduledAsync(_daily.Id, CancellationToken.None);
        return 0;
    });

    private Task<List<DateTimeOffset>> ReportsAsync() =>
        _database.WithContextAsync(db => db.Reports.Where(r => r.SubscriptionId == _daily.Id).OrderBy(r => r.Occurrence).Select(r => r.Occurrence).ToListAsync());

    private Task<int> PublishedAsync() =>
        _database.WithContextAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.MessageType == typeof(SituationReportPublished).FullName));

    [Fact]
    public async Task A_scheduler_down_for_three_periods_catches_up_with_exactly_three_reports()
    {
        _clock.SetUtcNow(FirstMorning.AddMinutes(1));
        await RunAsync();
        Assert.Equal([FirstMorning], await ReportsAsync());

        // Down on the 11th, 12th and 13th; back at 09:30 on the 13th.
        _clock.SetUtcNow(FirstMorning.AddDays(3).AddMinutes(90));
        await RunAsync();
        await RunAsync();

        Assert.Equal([FirstMorning, FirstMorning.AddDays(1), FirstMorning.AddDays(2), FirstMorning.AddDays(3)], await ReportsAsync());
        Assert.Equal(4, await PublishedAsync());
    }

    [Fact]
    public async Task Two_runs_at_once_build_each_occurrence_once()
    {
        _clock.SetUtcNow(FirstMorning.AddDays(2).AddMinutes(1));

        await Task.WhenAll(RunAsync(), RunAsync(), RunAsync());

        Assert.Equal(3, (await ReportsAsync()).Count);
        Assert.Equal(3, await PublishedAsync());
    }

    [Fact]
    public async Task Nothing_is_built_for_the_times_before_the_subscription_existed()
    {
        _clock.SetUtcNow(FirstMorning.AddMinutes(-1));

        await RunAsync();

        Assert.Empty(await ReportsAsync());
    }
}
