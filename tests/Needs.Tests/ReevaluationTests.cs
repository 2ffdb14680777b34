using System.Security.Claims;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Apis;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Jobs;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Testing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Needs.Tests;

/// <summary>Cold-weather alerts and published rule sets, against the real database, with a clock the test moves.</summary>
public sealed class ReevaluationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2027, 1, 15, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Morning);
    private readonly ServiceDatabase<NeedsDbContext> _database;

    public ReevaluationTests() => _database = new("idp_needs_reevaluation_tests", "Needs", _clock);
    private readonly NeedsJobsOptions _options = new() { ReevaluationBatchSize = 2 };

    private static readonly CenterProfile TentSite = Centre("tentSite", heated: false, adm2: "SY0802");
    private static readonly CenterProfile HeatedSchool = Centre("school", heated: true, adm2: "SY0802");
    private static readonly CenterProfile UnheatedMosqueElsewhere = Centre("mosque", heated: false, adm2: "SY0803");

    private static readonly ClaimsPrincipal Coordinator = new(new ClaimsIdentity(
        [new Claim(ClaimNames.Subject, "coordinator-1"), new Claim(ClaimNames.Role, Roles.Coordinator), new Claim(ClaimNames.Area, "SY08")], "test"));

    /// <summary>The rules for every area are an administrator's to publish.</summary>
    private static readonly ClaimsPrincipal Administrator = new(new ClaimsIdentity(
        [new Claim(ClaimNames.Subject, "admin-1"), new Claim(ClaimNames.Role, Roles.Admin)], "test"));

    private static CenterProfile Centre(string type, bool heated, string adm2) => new()
    {
        Id = Guid.NewGuid(), Name = $"{type} {adm2}", Type = type, Heated = heated, Adm1Code = "SY08", Adm2Code = adm2,
        FloorAreaM2 = 500, NightCapacity = 100, ToiletsFemale = 6, ToiletsMale = 2, SourceVersion = 1,
    };

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await _database.WithContextAsync(async db =>
        {
            db.Centers.AddRange(Copy(TentSite), Copy(HeatedSchool), Copy(UnheatedMosqueElsewhere));
            foreach (var (centre, count) in new[] { (TentSite, 3), (HeatedSchool, 2), (UnheatedMosqueElsewhere, 2) })
            {
                for (var i = 0; i < count; i++) db.Households.Add(Family(centre, present: true));
            }
            db.Households.Add(Family(TentSite, present: false));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static CenterProfile Copy(CenterProfile c) => new()
    {
        Id = c.Id, Name = c.Name, Type = c.Type, Heated = c.Heated, Adm1Code = c.Adm1Code, Adm2Code = c.Adm2Code,
        FloorAreaM2 = c.FloorAreaM2, NightCapacity = c.NightCapacity, ToiletsFemale = c.ToiletsFemale, ToiletsMale = c.ToiletsMale, SourceVersion = 1,
    };

    private HouseholdNeeds Family(CenterProfile centre, bool present)
    {
        var household = new HouseholdNeeds
        {
            HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, PlaceVersion = present ? 1 : 2, Present = present,
            Members =
            [
                new AssessedMember { MemberId = Guid.NewGuid(), Sex = "female", DateOfBirth = new DateOnly(1990, 3, 1), IsHead = true },
                new AssessedMember { MemberId = Guid.NewGuid(), Sex = "male", DateOfBirth = new DateOnly(2019, 6, 1) },
            ],
        };
        household.Reassess(centre, RuleSet.Default, [], _clock.GetUtcNow());
        return household;
    }

    private ReevaluationJob Reevaluations() => new(_database.Services.GetRequiredService<IServiceScopeFactory>(), RuleSet.Default, _clock,
        Options.Create(_options), NullLogger<ReevaluationJob>.Instance);

    private ScheduleReevaluationsJob Schedule() => new(_database.Services.GetRequiredService<IServiceScopeFactory>(), _clock,
        Options.Create(_options), NullLogger<ScheduleReevaluationsJob>.Instance);

    private async Task RunReevaluationsAsync()
    {
        var job = Reevaluations();
        while (await job.RunOnceAsync(CancellationToken.None)) { }
    }

    private Task<List<HouseholdNeeds>> HouseholdsAsync(CenterProfile centre) =>
        _database.WithContextAsync(db => db.Households.AsNoTracking().Where(h => h.CenterId == centre.Id && h.Present).ToListAsync());

    private static bool HasColdAlert(HouseholdNeeds h) => h.PriorityReasons.Any(r => r.Rule == "priority.coldAlert");

    private Task<List<string>> EventsAsync() =>
        _database.WithContextAsync(db => db.Set<OutboxMessage>().Select(m => m.MessageType).ToListAsync());

    [Fact]
    public async Task A_cold_alert_raises_exposed_and_unheated_households_of_its_area_and_expires_at_the_end_of_its_period()
    {
        var before = (await HouseholdsAsync(TentSite))[0].PriorityScore;
        var raised = await _database.WithContextAsync(db => AlertsApi.Raise(
            new AlertRequest("SY0802", -9m, null, Morning.AddDays(2)), db, Coordinator, _clock, CancellationToken.None));
        Assert.IsType<Created<AlertResponse>>(raised.Result);
        await RunReevaluationsAsync();

        var inTents = await HouseholdsAsync(TentSite);
        Assert.All(inTents, h => Assert.True(HasColdAlert(h)));
        Assert.All(inTents, h => Assert.Equal(before + RuleSet.Default.Priority.ColdAlert, h.PriorityScore));
        Assert.Equal("cold alert -9 C", inTents[0].PriorityReasons.Single(r => r.Rule == "priority.coldAlert").Text);
        Assert.All(await HouseholdsAsync(HeatedSchool), h => Assert.False(HasColdAlert(h)));
        Assert.All(await HouseholdsAsync(UnheatedMosqueElsewhere), h => Assert.False(HasColdAlert(h)));
        Assert.Contains(typeof(ColdWeatherAlertRaised).FullName, await EventsAsync());

        _clock.Advance(TimeSpan.FromDays(1));
        await Schedule().RunOnceAsync(CancellationToken.None);
        await RunReevaluationsAsync();
        Assert.All(await HouseholdsAsync(TentSite), h => Assert.True(HasColdAlert(h)));

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Schedule().RunOnceAsync(CancellationToken.None);
        await RunReevaluationsAsync();
        Assert.All(await HouseholdsAsync(TentSite), h => Assert.Equal(before, h.PriorityScore));
        Assert.All(await HouseholdsAsync(TentSite), h => Assert.False(HasColdAlert(h)));
        Assert.Contains(typeof(ColdWeatherAlertExpired).FullName, await EventsAsync());
    }

    [Fact]
    public async Task An_alert_for_later_raises_no_one_until_its_period_starts()
    {
        await _database.WithContextAsync(db => AlertsApi.Raise(
            new AlertRequest("SY08", -12m, Morning.AddHours(12), Morning.AddDays(1)), db, Coordinator, _clock, CancellationToken.None));
        await Schedule().RunOnceAsync(CancellationToken.None);
        await RunReevaluationsAsync();
        Assert.All(await HouseholdsAsync(UnheatedMosqueElsewhere), h => Assert.False(HasColdAlert(h)));

        _clock.Advance(TimeSpan.FromHours(12));
        await Schedule().RunOnceAsync(CancellationToken.None);
        await RunReevaluationsAsync();
        Assert.All(await HouseholdsAsync(UnheatedMosqueElsewhere), h => Assert.True(HasColdAlert(h)));
    }

    [Fact]
    public async Task An_alert_outside_the_coordinators_areas_or_without_an_end_is_refused_naming_the_field()
    {
        var result = await _database.WithContextAsync(db => AlertsApi.Raise(
            new AlertRequest("SY02", -9m, null, null), db, Coordinator, _clock, CancellationToken.None));

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Contains("area", problem.ProblemDetails.Errors.Keys);
        Assert.Contains("endsAt", problem.ProblemDetails.Errors.Keys);
        Assert.Empty(await _database.WithContextAsync(db => db.Alerts.ToListAsync()));
    }

    [Fact]
    public async Task Publishing_a_rule_set_reassesses_every_open_household_in_the_background_with_progress()
    {
        var published = await _database.WithContextAsync(db => RuleSetsApi.Publish(
            new RuleSetPublication("Two blankets each this winter", System.Text.Json.Nodes.JsonNode.Parse("""{ "blanketsPerPerson": 2 }""")!.AsObject()),
            db, RuleSet.Default, Administrator, _clock, CancellationToken.None));
        var created = Assert.IsType<Created<RuleSetResponse>>(published.Result).Value!;
        Assert.Equal("v1", created.Version);
        async Task<(ReevaluationStatus, int Done, int Total)> ProgressAsync()
        {
            var run = await _database.WithContextAsync(db => db.Reevaluations.AsNoTracking().SingleAsync(r => r.Id == created.ReevaluationId));
            return (run.Status, run.Done, run.Total);
        }
        Assert.Equal((ReevaluationStatus.Queued, 0, 0), await ProgressAsync());

        await Reevaluations().RunOnceAsync(CancellationToken.None);
        Assert.Equal((ReevaluationStatus.Running, 2, 7), await ProgressAsync());

        await RunReevaluationsAsync();
        Assert.Equal((ReevaluationStatus.Finished, 7, 7), await ProgressAsync());
        var all = await _database.WithContextAsync(db => db.Households.AsNoTracking().ToListAsync());
        // Two people, neither under 2 nor over 60: one blanket each before, two each now.
        Assert.All(all.Where(h => h.Present), h => Assert.Equal(("v1", 4), (h.RuleSetVersion, h.Blankets)));
        Assert.Equal("default-1", all.Single(h => !h.Present).RuleSetVersion);
        Assert.Contains(typeof(RuleSetPublished).FullName, await EventsAsync());
    }

    [Fact]
    public async Task The_daily_reevaluation_assesses_only_the_households_whose_assessment_has_run_out()
    {
        // A girl who turns 2 tomorrow: one blanket fewer from then, and "under 5" instead of "under 2".
        var baby = Family(HeatedSchool, present: true);
        baby.Members.Add(new AssessedMember { MemberId = Guid.NewGuid(), Sex = "female", DateOfBirth = new DateOnly(2025, 1, 16) });
        baby.Reassess(HeatedSchool, RuleSet.Default, [], _clock.GetUtcNow());
        await _database.WithContextAsync(db => { db.Households.Add(baby); return db.SaveChangesAsync(); });
        Assert.Equal((1, 4, new DateOnly(2027, 1, 15)), (baby.ChildrenUnder2, baby.Blankets, baby.HoldsUntil));

        _clock.Advance(TimeSpan.FromDays(1));
        await Schedule().RunOnceAsync(CancellationToken.None);
        await RunReevaluationsAsync();

        var daily = await _database.WithContextAsync(db => db.Reevaluations.AsNoTracking().SingleAsync(r => r.Key == "daily:2027-01-16"));
        Assert.Equal((ReevaluationStatus.Finished, 1, 1), (daily.Status, daily.Done, daily.Total));
        var households = await _database.WithContextAsync(db => db.Households.AsNoTracking().ToListAsync());
        var grown = households.Single(h => h.HouseholdId == baby.HouseholdId);
        Assert.Equal((0, 3, Morning.AddDays(1)), (grown.ChildrenUnder2, grown.Blankets, grown.AssessedAt));
        Assert.Equal("child under 5", grown.PriorityReasons.Single(r => r.Rule.StartsWith("priority.child")).Text);
        // The others hold until the season ends (31 March): not read, not assessed again.
        Assert.All(households.Where(h => h.HouseholdId != baby.HouseholdId), h => Assert.Equal((Morning, new DateOnly(2027, 3, 31)), (h.AssessedAt, h.HoldsUntil)));
    }

    [Fact]
    public async Task A_day_is_reevaluated_once_however_often_the_schedule_runs()
    {
        await Schedule().RunOnceAsync(CancellationToken.None);
        await Schedule().RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await Schedule().RunOnceAsync(CancellationToken.None);

        var keys = await _database.WithContextAsync(db => db.Reevaluations.Select(r => r.Key).ToListAsync());
        Assert.Equal(["daily:2027-01-15", "daily:2027-01-16"], keys.Order());
    }
}
