using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Jobs;
using IdpTracker.Registration.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Registration.Tests;

/// <summary>The overdue job against the real database, with a clock the test moves.</summary>
public sealed class OverdueFollowUpJobTests : IAsyncLifetime
{
    private const string Database = "idp_registration_job_tests";
    private static readonly DateTimeOffset Departed = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Departed);
    private readonly ServiceDatabase<RegistrationDbContext> _database = new(Database, "Registration");

    public Task InitializeAsync() => _database.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<Guid> DepartedHouseholdAsync(DateTimeOffset? followedUpAt = null)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var center = new Center { Id = Guid.NewGuid(), Name = "Ghuwayran school", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800", Adm2Name = "Al-Hasakah", FloorAreaM2 = 100, NightCapacity = 10 };
        var household = new Household
        {
            Id = Guid.NewGuid(), CenterId = center.Id, ArrivedAt = Departed.AddDays(-3), Version = 1, ContentHash = "x",
            Status = PlaceStatus.Departed, Destination = Destination.Unknown, StatusSince = Departed, LastFollowUpAt = followedUpAt, PlaceVersion = 2,
        };
        db.AddRange(center, household);
        await db.SaveChangesAsync();
        return household.Id;
    }

    private OverdueFollowUpJob Job() => new(_database.Services.GetRequiredService<IServiceScopeFactory>(), _clock,
        Options.Create(new OverdueFollowUpOptions()), NullLogger<OverdueFollowUpJob>.Instance);

    private async Task<(DateTimeOffset? OverdueSince, int Events)> StateAsync(Guid id)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == id);
        var events = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.EndsWith("HouseholdOverdue")).ToListAsync())
            .Count(m => m.Body.Contains(id.ToString(), StringComparison.Ordinal));
        return (household.OverdueSince, events);
    }

    [Fact]
    public async Task A_household_gone_five_days_is_marked_overdue_once_with_one_event()
    {
        var id = await DepartedHouseholdAsync();
        var job = Job();

        _clock.Advance(TimeSpan.FromDays(4).Add(TimeSpan.FromHours(23)));
        await job.MarkOverdueAsync(default);
        var day4 = await StateAsync(id);

        _clock.Advance(TimeSpan.FromHours(1));
        await job.MarkOverdueAsync(default);
        var day5 = await StateAsync(id);

        _clock.Advance(TimeSpan.FromDays(1));
        await job.MarkOverdueAsync(default);
        var day6 = await StateAsync(id);

        Assert.Equal((null, 0), day4);
        Assert.Equal((Departed.AddDays(5), 1), day5);
        Assert.Equal((Departed.AddDays(5), 1), day6);
    }

    [Fact]
    public async Task Two_copies_of_the_service_marking_at_once_announce_each_absence_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 200; i++) ids.Add(await DepartedHouseholdAsync());
        _clock.Advance(TimeSpan.FromDays(6));

        // Released together, so their reads of who is due overlap.
        var go = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => { await go.Task; return await Job().MarkOverdueAsync(default); })).ToList();
        go.SetResult();
        var counts = await Task.WhenAll(runs);

        Assert.Equal(ids.Count, counts.Sum());
        foreach (var id in ids) Assert.Equal((_clock.GetUtcNow(), 1), await StateAsync(id));
    }

    [Fact]
    public async Task A_household_visited_since_it_left_is_not_overdue()
    {
        var id = await DepartedHouseholdAsync(followedUpAt: Departed.AddDays(2));

        _clock.Advance(TimeSpan.FromDays(10));
        await Job().MarkOverdueAsync(default);

        Assert.Equal((null, 0), await StateAsync(id));
    }
}
