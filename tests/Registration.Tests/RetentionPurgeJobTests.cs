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

/// <summary>The retention job against the real database, with a clock the test moves.</summary>
public sealed class RetentionPurgeJobTests : IAsyncLifetime
{
    private const string Database = "idp_registration_retention_tests";
    private static readonly DateTimeOffset Closed = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Closed);
    private readonly ServiceDatabase<RegistrationDbContext> _database = new(Database, "Registration");

    public Task InitializeAsync() => _database.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<Guid> HouseholdAsync(Destination destination, DateTimeOffset? followedUpAt, DateTimeOffset? mergedAt = null)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var center = new Center { Id = Guid.NewGuid(), Name = "Al-Nashwa school", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800", Adm2Name = "Al-Hasakah", FloorAreaM2 = 100, NightCapacity = 10 };
        var household = new Household
        {
            Id = Guid.NewGuid(), CenterId = center.Id, ArrivedAt = Closed.AddDays(-30), Version = 1, ContentHash = "x", ContactCipher = "sealed-phone",
            Status = PlaceStatus.Departed, Destination = destination, StatusSince = Closed.AddDays(-1), LastFollowUpAt = followedUpAt, PlaceVersion = 2,
            MergedAt = mergedAt, MergedIntoId = mergedAt is null ? null : Guid.NewGuid(),
            Members = [new Member { Id = Guid.NewGuid(), Sex = Sex.Female, DateOfBirth = new DateOnly(1980, 1, 1), Relationship = Relationship.Head, PersonalCipher = "sealed-names" }],
        };
        household.Members[0].HouseholdId = household.Id;
        db.AddRange(center, household);
        db.NameIndex.Add(new NameIndexEntry { HouseholdId = household.Id, MemberId = household.Members[0].Id, Hash = [1, 2, 3], Sex = Sex.Female, DateOfBirth = new DateOnly(1980, 1, 1) });
        await db.SaveChangesAsync();
        return household.Id;
    }

    private RetentionPurgeJob Job() => new(_database.Services.GetRequiredService<IServiceScopeFactory>(), _clock,
        Options.Create(new RetentionOptions()), NullLogger<RetentionPurgeJob>.Instance);

    private async Task<(bool Erased, int IndexEntries, int PurgeAudits, DateOnly BirthDate)> StateAsync(Guid id)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDbContext>();
        var household = await db.Households.AsNoTracking().Include(h => h.Members).SingleAsync(h => h.Id == id);
        return (household.ContactCipher is null && household.Members.All(m => m.PersonalCipher is null) && household.PurgedAt is not null,
            await db.NameIndex.CountAsync(e => e.HouseholdId == id),
            await db.Audit.CountAsync(a => a.HouseholdId == id && a.Action == AuditAction.Purge),
            household.Members[0].DateOfBirth);
    }

    [Fact]
    public async Task A_family_back_home_and_visited_keeps_its_names_180_days_then_loses_them_and_keeps_its_counts()
    {
        var id = await HouseholdAsync(Destination.ReturnedHome, followedUpAt: Closed);
        var job = Job();

        _clock.Advance(TimeSpan.FromDays(179));
        await job.PurgeAsync(default);
        var day179 = await StateAsync(id);
        _clock.Advance(TimeSpan.FromDays(1));
        await job.PurgeAsync(default);
        var day180 = await StateAsync(id);
        await job.PurgeAsync(default);

        Assert.Equal((false, 1, 0), (day179.Erased, day179.IndexEntries, day179.PurgeAudits));
        Assert.Equal((true, 0, 1), (day180.Erased, day180.IndexEntries, day180.PurgeAudits));
        Assert.Equal(new DateOnly(1980, 1, 1), day180.BirthDate);
        Assert.Equal(1, (await StateAsync(id)).PurgeAudits);
    }

    [Fact]
    public async Task Two_copies_of_the_service_erasing_at_once_erase_and_audit_each_family_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 200; i++) ids.Add(await HouseholdAsync(Destination.ReturnedHome, followedUpAt: Closed));
        _clock.Advance(TimeSpan.FromDays(181));

        // Released together, so their reads of who is due overlap.
        var go = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => { await go.Task; return await Job().PurgeAsync(default); })).ToList();
        go.SetResult();
        var counts = await Task.WhenAll(runs);

        Assert.Equal(ids.Count, counts.Sum());
        foreach (var id in ids) Assert.Equal((true, 1), ((await StateAsync(id)).Erased, (await StateAsync(id)).PurgeAudits));
    }

    [Fact]
    public async Task A_merged_registration_is_erased_after_the_period()
    {
        var id = await HouseholdAsync(Destination.Unknown, followedUpAt: null, mergedAt: Closed);

        _clock.Advance(TimeSpan.FromDays(181));
        await Job().PurgeAsync(default);

        Assert.True((await StateAsync(id)).Erased);
    }

    [Theory]
    [InlineData(Destination.ReturnedHome, false)] // returned but nobody has visited: not closed
    [InlineData(Destination.HostFamily, true)]    // with a host family: still displaced
    public async Task A_household_that_is_not_closed_keeps_its_names(Destination destination, bool visited)
    {
        var id = await HouseholdAsync(destination, followedUpAt: visited ? Closed : null);

        _clock.Advance(TimeSpan.FromDays(400));
        await Job().PurgeAsync(default);

        Assert.False((await StateAsync(id)).Erased);
    }
}
