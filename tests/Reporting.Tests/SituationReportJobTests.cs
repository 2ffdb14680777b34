using IdpTracker.Contracts.Reporting;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Reporting.Tests;

/// <summary>The report job against the real database, with a clock the test moves.</summary>
public sealed class SituationReportJobTests : IAsyncLifetime
{
    // 08:00 in Damascus is 05:00 UTC.
    private static readonly DateTimeOffset FirstMorning = new(2027, 1, 10, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(FirstMorning.AddHours(-2));
    private readonly ServiceDatabase<ReportingDbContext> _database = new("idp_reporting_job_tests", "Reporting");
    private readonly Subscription _daily = new()
    {
        Id = Guid.NewGuid(), Organisation = "Winter fund", Emails = ["desk@fund.example"], Cron = "0 8 * * *", TimeZone = "Asia/Damascus",
    };

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _daily.CreatedAt = _daily.ScheduledFrom = _clock.GetUtcNow();
        await _database.WithContextAsync(db =>
        {
            db.Subscriptions.Add(_daily);
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task RunAsync() => _database.WithContextAsync(async db =>
    {
        await new SituationReportJob(db, _clock, Options.Create(new ReportLinkOptions()), NullLogger<SituationReportJob>.Instance).RunScheduledAsync(_daily.Id, CancellationToken.None);
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

    [Fact]
    public async Task A_changed_cadence_is_owed_from_the_change_not_from_the_start()
    {
        _clock.SetUtcNow(FirstMorning.AddDays(5));
        await _database.WithContextAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.Id == _daily.Id);
            subscription.Cron = "0 9 * * *";
            subscription.ScheduledFrom = _clock.GetUtcNow();
            return await db.SaveChangesAsync();
        });

        _clock.Advance(TimeSpan.FromDays(1));
        await RunAsync();

        // 09:00 in Damascus on the 15th, once; none of the 08:00 mornings before the change.
        Assert.Equal([FirstMorning.AddDays(5).AddHours(1)], await ReportsAsync());
    }

    [Fact]
    public async Task A_report_counts_only_the_centres_of_its_scope()
    {
        var inScope = new ProjectedCenter { Id = Guid.NewGuid(), Name = "Ghuwayran school", Adm1Code = "SY08", Adm2Code = "SY0801", NightCapacity = 50 };
        var elsewhere = new ProjectedCenter { Id = Guid.NewGuid(), Name = "Qamishli mosque", Adm1Code = "SY08", Adm2Code = "SY0802", NightCapacity = 50 };
        await _database.WithContextAsync(async db =>
        {
            db.Centers.AddRange(inScope, elsewhere);
            foreach (var (centre, people) in new[] { (inScope, 6), (elsewhere, 9) })
            {
                db.Households.Add(new ProjectedHousehold
                {
                    HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = FirstMorning.AddDays(-1),
                    People = Enumerable.Range(0, people).Select(_ => new ProjectedPerson { Sex = "female", DateOfBirth = new DateOnly(1990, 1, 1) }).ToList(),
                });
            }
            var subscription = await db.Subscriptions.SingleAsync(s => s.Id == _daily.Id);
            subscription.Areas = ["SY0801"];
            return await db.SaveChangesAsync();
        });
        _clock.SetUtcNow(FirstMorning.AddMinutes(1));

        await RunAsync();

        var report = await _database.WithContextAsync(db => db.Reports.SingleAsync(r => r.SubscriptionId == _daily.Id));
        Assert.Equal(6, report.Figures.People);
        Assert.Equal(["Ghuwayran school"], report.Figures.Centers.Select(c => c.Name));
        Assert.DoesNotContain("Qamishli", report.Html);
    }

    [Fact]
    public async Task A_report_built_on_its_own_day_adds_up_the_counted_rows_as_counting_every_household_would()
    {
        var centre = new ProjectedCenter { Id = Guid.NewGuid(), Name = "Ghuwayran school", Adm1Code = "SY08", Adm2Code = "SY0801", NightCapacity = 50 };
        var day = DateOnly.FromDateTime(FirstMorning.UtcDateTime);
        ProjectedPerson Person(string sex, DateOnly born, params string[] needs) => new() { Sex = sex, DateOfBirth = born, SpecificNeeds = [.. needs] };
        var households = new List<ProjectedHousehold>
        {
            // A girl who turns 5 on the report's day: counted 5-11 that day, though her household's row was written before.
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = FirstMorning.AddDays(-3),
                People = [Person("female", new DateOnly(1990, 1, 1), "FHH", "WG-SEEING"), Person("female", day.AddYears(-5)), Person("male", day.AddYears(-1))] },
            // Arrived since the last report's time: a new arrival.
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 2, ArrivedAt = FirstMorning.AddHours(-3),
                People = [Person("male", new DateOnly(1950, 6, 1), "ELD", "WG-WALKING"), Person("unknown", new DateOnly(2012, 2, 2))] },
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = FirstMorning.AddDays(-2), Present = false, Destination = "hostFamily",
                People = [Person("female", new DateOnly(1985, 3, 3))] },
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = FirstMorning.AddDays(-2), Merged = true,
                People = [Person("female", new DateOnly(1985, 3, 3))] },
            // Arrived after the report's time: not in it, its people with specific needs neither.
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = FirstMorning.AddMinutes(30),
                People = [Person("male", new DateOnly(2000, 1, 1), "WG-HEARING", "MED")] },
        };
        await _database.WithContextAsync(db =>
        {
            db.Centers.Add(centre);
            db.Households.AddRange(households);
            return db.SaveChangesAsync();
        });
        _clock.SetUtcNow(FirstMorning.AddMinutes(45));

        await RunAsync();

        var report = await _database.WithContextAsync(db => db.Reports.SingleAsync(r => r.SubscriptionId == _daily.Id));
        var counted = await _database.WithContextAsync(async db => ReportFigures.From(
            await db.Households.AsNoTracking().Where(h => !h.Merged && h.SourceVersion > 0 && h.ArrivedAt <= FirstMorning).ToListAsync(),
            await db.Centers.AsNoTracking().ToListAsync(), new Dictionary<Guid, IdpTracker.Contracts.Needs.CenterNeedsSummarized>(), FirstMorning, report.Figures.Since,
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Damascus"), new HashSet<string> { "SY08" }));
        report.Figures.Shown = null;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(counted), System.Text.Json.JsonSerializer.Serialize(report.Figures));
        Assert.Equal(5, report.Figures.People);
        Assert.Contains(report.Figures.ByAgeBracket, b => b.Bracket == "5-11" && b.Female == 1);
        var protection = ProtectionFigure.Categories.Select(c => c.Key).Zip(report.Figures.Protection.Single().Counts).ToDictionary();
        Assert.Equal((1, 1, 2, 0), (protection["femaleHeadedHouseholds"], protection["olderPeopleAtRisk"], protection["disability"], protection["seriousMedicalCondition"]));
    }

    [Fact]
    public async Task A_preview_in_a_time_zone_already_on_tomorrow_counts_a_child_in_the_bracket_of_their_birthday_that_day()
    {
        var centre = new ProjectedCenter { Id = Guid.NewGuid(), Name = "Ghuwayran school", Adm1Code = "SY08", Adm2Code = "SY0801", NightCapacity = 50 };
        // 22:00 UTC on the 10th is 01:00 on the 11th in Damascus: the report's day is the 11th, UTC's the 10th.
        var now = new DateTimeOffset(2027, 1, 10, 22, 0, 0, TimeSpan.Zero);
        var tomorrow = new DateOnly(2027, 1, 11);
        ProjectedPerson Person(string sex, DateOnly born) => new() { Sex = sex, DateOfBirth = born };
        var households = new List<ProjectedHousehold>
        {
            // Turns 5 on the 11th: 0-4 in UTC's day, 5-11 in the report's.
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = now.AddDays(-3),
                People = [Person("female", new DateOnly(1990, 1, 1)), Person("female", tomorrow.AddYears(-5))] },
            new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, ArrivedAt = now.AddHours(-2),
                People = [Person("male", new DateOnly(1950, 6, 1)), Person("male", new DateOnly(2020, 3, 3))] },
        };
        _clock.SetUtcNow(now);
        await _database.WithContextAsync(db =>
        {
            db.Centers.Add(centre);
            db.Households.AddRange(households);
            return db.SaveChangesAsync();
        });

        var (figures, _, counted, _) = await _database.WithContextAsync(db =>
            new SituationReportJob(db, _clock, Options.Create(new ReportLinkOptions()), NullLogger<SituationReportJob>.Instance).RenderAsync(_daily, now, CancellationToken.None));

        var byPeople = await _database.WithContextAsync(async db => ReportFigures.From(
            await db.Households.AsNoTracking().ToListAsync(), await db.Centers.AsNoTracking().ToListAsync(),
            new Dictionary<Guid, IdpTracker.Contracts.Needs.CenterNeedsSummarized>(), now, figures.Since,
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Damascus"), new HashSet<string> { "SY08" }));
        figures.Shown = null;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(byPeople), System.Text.Json.JsonSerializer.Serialize(figures));
        Assert.Equal(2, counted);
        Assert.Contains(figures.ByAgeBracket, b => b.Bracket == "5-11" && b.Female == 1);
        Assert.DoesNotContain(figures.ByAgeBracket, b => b.Bracket == "0-4" && b.Female > 0);
    }
}
