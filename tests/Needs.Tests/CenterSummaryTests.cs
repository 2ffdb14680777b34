using System.Text.Json;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Jobs;
using IdpTracker.Needs.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Needs.Tests;

/// <summary>Centres' needs summaries sent to Reporting, against the real database, with a clock the test moves.</summary>
public sealed class CenterSummaryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2027, 1, 15, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Morning);
    private readonly ServiceDatabase<NeedsDbContext> _database;

    public CenterSummaryTests() => _database = new("idp_needs_center_summary_tests", "Needs", _clock);
    private readonly Guid _tentSite = Guid.NewGuid();
    private readonly Guid _school = Guid.NewGuid();
    private readonly List<Guid> _tentFamilies = [];

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await _database.WithContextAsync(async db =>
        {
            foreach (var (id, type, heated, families) in new[] { (_tentSite, "tentSite", false, 3), (_school, "school", true, 2) })
            {
                var centre = new CenterProfile
                {
                    Id = id, Name = type, Type = type, Heated = heated, Adm1Code = "SY08", Adm2Code = "SY0802",
                    FloorAreaM2 = 500, NightCapacity = 100, ToiletsFemale = 6, ToiletsMale = 2, SourceVersion = 1,
                };
                db.Centers.Add(centre);
                for (var i = 0; i < families; i++)
                {
                    var household = new HouseholdNeeds
                    {
                        HouseholdId = Guid.NewGuid(), CenterId = id, SourceVersion = 1, PlaceVersion = 1, Present = true,
                        Members =
                        [
                            new AssessedMember { MemberId = Guid.NewGuid(), Sex = "female", DateOfBirth = new DateOnly(1990, 3, 1), IsHead = true },
                            new AssessedMember { MemberId = Guid.NewGuid(), Sex = "male", DateOfBirth = new DateOnly(2019, 6, 1) },
                        ],
                    };
                    household.Reassess(centre, RuleSet.Default, [], Morning);
                    db.Households.Add(household);
                    if (id == _tentSite) _tentFamilies.Add(household.HouseholdId);
                }
            }
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private PublishCenterSummariesJob Job() => new(_database.Services.GetRequiredService<IServiceScopeFactory>(), RuleSet.Default, _clock,
        Options.Create(new NeedsJobsOptions()), NullLogger<PublishCenterSummariesJob>.Instance);

    private Task<List<CenterNeedsSummarized>> SentAsync() => _database.WithContextAsync(async db =>
        (await db.Set<OutboxMessage>().Where(m => m.MessageType == typeof(CenterNeedsSummarized).FullName).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync())
        .Select(body => JsonSerializer.Deserialize<CenterNeedsSummarized>(body, MessageJson.Options)!).ToList());

    private Task GiveWinterItemsAsync(Guid household) => _database.WithContextAsync(db =>
    {
        foreach (var item in new[] { Item.Blanket, Item.Mattress, Item.ClothingSet })
        {
            db.Distributions.Add(new Distribution
            {
                Id = Guid.NewGuid(), Item = item, Quantity = 10, HouseholdId = household, CenterId = _tentSite,
                DeliveredOn = DateOnly.FromDateTime(Morning.UtcDateTime), RecordedAt = Morning, RecordedBy = "test",
            });
        }
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_family_that_received_its_winter_items_and_then_departed_is_no_longer_counted_as_reached()
    {
        // Its people move from "in need" to "reached" in the same tally rows: the rows must be saved as changed, or its
        // departure would take them out of "in need" a second time and leave them among the reached.
        await GiveWinterItemsAsync(_tentFamilies[0]);
        await _database.WithContextAsync(async db =>
        {
            var household = await db.Households.SingleAsync(h => h.HouseholdId == _tentFamilies[0]);
            household.Present = false;
            return await db.SaveChangesAsync();
        });

        await Job().RunOnceAsync(CancellationToken.None);
        var tents = (await SentAsync()).Single(s => s.CenterId == _tentSite);
        var winter = tents.Sectors.Single(s => s.Sector == "winterization");
        Assert.Equal((4, 4, 0), (tents.People, winter.InNeed, winter.Reached!.Value));
    }

    [Fact]
    public async Task Each_centre_is_summarized_once_and_again_only_when_its_figures_change()
    {
        await Job().RunOnceAsync(CancellationToken.None);
        var first = await SentAsync();
        Assert.Equal(2, first.Count);
        var tents = first.Single(s => s.CenterId == _tentSite);
        Assert.Equal(1, tents.Sequence);
        Assert.Equal(6, tents.People);
        var shelter = tents.Sectors.Single(s => s.Sector == "shelter");
        Assert.Equal(6, shelter.InNeed);
        Assert.Null(shelter.Reached);
        var winter = tents.Sectors.Single(s => s.Sector == "winterization");
        Assert.Equal((6, 0), (winter.InNeed, winter.Reached!.Value));
        Assert.Equal(3, winter.BySexAndAge.Single(c => c.Sex == "female" && c.AgeBracket == "18-59").InNeed);
        Assert.Equal(0, first.Single(s => s.CenterId == _school).Sectors.Single(s => s.Sector == "shelter").InNeed);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Job().RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, (await SentAsync()).Count);

        await GiveWinterItemsAsync(_tentFamilies[0]);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(Job().RunOnceAsync(CancellationToken.None), Job().RunOnceAsync(CancellationToken.None));

        var sent = await SentAsync();
        Assert.Equal(3, sent.Count);
        var update = sent[^1];
        Assert.Equal((_tentSite, 2L), (update.CenterId, update.Sequence));
        Assert.Equal(2, update.Sectors.Single(s => s.Sector == "winterization").Reached);
    }

    [Fact]
    public async Task A_child_counts_in_the_next_age_bracket_from_their_fifth_birthday_and_a_family_that_departs_stops_counting()
    {
        var family = Guid.NewGuid();
        await _database.WithContextAsync(async db =>
        {
            var household = new HouseholdNeeds
            {
                HouseholdId = family, CenterId = _school, SourceVersion = 1, PlaceVersion = 1, Present = true,
                Members =
                [
                    new AssessedMember { MemberId = Guid.NewGuid(), Sex = "female", DateOfBirth = new DateOnly(1995, 5, 1), IsHead = true },
                    // Four on the morning of the test, five the next day.
                    new AssessedMember { MemberId = Guid.NewGuid(), Sex = "male", DateOfBirth = new DateOnly(2022, 1, 16) },
                ],
            };
            household.Reassess(await db.Centers.FindAsync(_school), RuleSet.Default, [], Morning);
            db.Households.Add(household);
            return await db.SaveChangesAsync();
        });
        int BoysUnder5(CenterNeedsSummarized s) => s.Sectors.Single(x => x.Sector == "winterization").BySexAndAge.Single(c => c is { Sex: "male", AgeBracket: "0-4" }).InNeed;
        int Boys5To11(CenterNeedsSummarized s) => s.Sectors.Single(x => x.Sector == "winterization").BySexAndAge.Single(c => c is { Sex: "male", AgeBracket: "5-11" }).InNeed;

        await Job().RunOnceAsync(CancellationToken.None);
        var before = (await SentAsync()).Last(s => s.CenterId == _school);
        Assert.Equal((3, 6, 1, 2), (before.Households, before.People, BoysUnder5(before), Boys5To11(before)));

        _clock.Advance(TimeSpan.FromDays(1));
        await Job().RunOnceAsync(CancellationToken.None);
        var birthday = (await SentAsync()).Last(s => s.CenterId == _school);
        Assert.Equal((2L, 6, 0, 3), (birthday.Sequence, birthday.People, BoysUnder5(birthday), Boys5To11(birthday)));

        await _database.WithContextAsync(async db =>
        {
            var household = await db.Households.SingleAsync(h => h.HouseholdId == family);
            household.Present = false;
            return await db.SaveChangesAsync();
        });
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Job().RunOnceAsync(CancellationToken.None);
        var departed = (await SentAsync()).Last(s => s.CenterId == _school);
        Assert.Equal((3L, 2, 4, 2), (departed.Sequence, departed.Households, departed.People, Boys5To11(departed)));
    }
}
