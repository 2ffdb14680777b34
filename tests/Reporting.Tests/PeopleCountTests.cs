using System.Text.Json;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Reporting.Tests;

/// <summary>
/// The live figures add up counts kept in the database; they must equal the figures computed from the households
/// themselves, after every kind of change and on the day a child changes age bracket.
/// </summary>
public sealed class PeopleCountTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2027, 1, 15, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Morning);
    private readonly ServiceDatabase<ReportingDbContext> _database;
    private readonly ProjectedCenter _school = new() { Id = Guid.NewGuid(), Name = "School", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0801", NightCapacity = 80 };
    private readonly ProjectedCenter _mosque = new() { Id = Guid.NewGuid(), Name = "Mosque", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0802", NightCapacity = 40 };

    public PeopleCountTests() => _database = new("idp_reporting_people_count_tests", "Reporting", _clock);

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await _database.WithContextAsync(db =>
        {
            db.Centers.AddRange(_school, _mosque);
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static ProjectedPerson Person(string sex, DateOnly born, params string[] needs) => new() { Sex = sex, DateOfBirth = born, SpecificNeeds = [.. needs] };

    private static ProjectedHousehold Household(ProjectedCenter centre, DateTimeOffset arrived, params ProjectedPerson[] people) =>
        new() { HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, PlaceVersion = 1, Present = true, ArrivedAt = arrived, People = [.. people] };

    /// <summary>The figures from the database's counts and their totals (as the live figures read them), and from the households read back, as JSON to compare whole.</summary>
    private Task<(string FromCounts, string FromHouseholds)> FiguresAsync() => _database.WithContextAsync(async db =>
    {
        var now = _clock.GetUtcNow();
        var since = now.AddDays(-3);
        await db.RecountDueAsync(DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
        var centres = await db.Centers.AsNoTracking().ToListAsync();
        var whole = new HashSet<string> { "SY08" };
        var inputs = new FigureInputs(await FigureInputs.GroupsOf(db.PeopleCountTotals).ToListAsync(), await db.ArrivalsAsync(db.PeopleCounts, db.ArrivalTotals, since, null, default),
            await FigureInputs.ProtectionOf(db.ProtectionCountTotals).ToListAsync());
        var households = await db.Households.AsNoTracking().ToListAsync();
        return (JsonSerializer.Serialize(ReportFigures.From(inputs, centres, new Dictionary<Guid, Contracts.Needs.CenterNeedsSummarized>(), now, since, TimeZoneInfo.Utc, whole)),
            JsonSerializer.Serialize(ReportFigures.From(households.Where(h => !h.Merged && h.SourceVersion > 0).ToList(), centres,
                new Dictionary<Guid, Contracts.Needs.CenterNeedsSummarized>(), now, since, TimeZoneInfo.Utc, whole)));
    });

    [Fact]
    public async Task Figures_from_the_counts_equal_figures_from_the_households_through_arrivals_departures_merges_corrections_and_birthdays()
    {
        // Four on the morning of the test, five the next day.
        var young = Household(_school, Morning.AddDays(-1), Person("female", new(1990, 2, 1), "FHH"), Person("male", new(2022, 1, 16)), Person("female", new(2015, 5, 5), "WG-WALKING"));
        var leaving = Household(_school, Morning.AddDays(-10), Person("male", new(1960, 1, 1), "ELD"), Person("female", new(1962, 3, 1)));
        var twice = Household(_mosque, Morning.AddHours(-2), Person("female", new(1999, 9, 9)), Person("female", new(2020, 1, 1)));
        var alone = Household(_mosque, Morning.AddHours(-1), Person("unknown", new(2011, 7, 7), "UAC"));
        await _database.WithContextAsync(db =>
        {
            db.Households.AddRange(young, leaving, twice, alone);
            return db.SaveChangesAsync();
        });
        var (counted, computed) = await FiguresAsync();
        Assert.Equal(computed, counted);
        var figures = JsonSerializer.Deserialize<ReportFigures>(counted)!;
        Assert.Equal((4, 8, 3), (figures.Households, figures.People, figures.NewArrivals.Households));

        await _database.WithContextAsync(async db =>
        {
            var gone = await db.Households.SingleAsync(h => h.HouseholdId == leaving.HouseholdId);
            (gone.Present, gone.Destination) = (false, "hostFamily");
            (await db.Households.SingleAsync(h => h.HouseholdId == twice.HouseholdId)).Merged = true;
            var corrected = await db.Households.SingleAsync(h => h.HouseholdId == alone.HouseholdId);
            corrected.People = [Person("male", new(2011, 7, 7), "UAC"), Person("male", new(2013, 1, 1), "SEP")];
            corrected.SourceVersion = 2;
            return await db.SaveChangesAsync();
        });
        (counted, computed) = await FiguresAsync();
        Assert.Equal(computed, counted);
        figures = JsonSerializer.Deserialize<ReportFigures>(counted)!;
        Assert.Equal((2, 5, 1, 2), (figures.Households, figures.People, figures.WithHostFamilies.Households, figures.WithHostFamilies.People));
        Assert.Equal(2, figures.Protection.Single().Counts[0]);   // the two children, unaccompanied or separated

        _clock.Advance(TimeSpan.FromDays(1));
        (counted, computed) = await FiguresAsync();
        Assert.Equal(computed, counted);
        figures = JsonSerializer.Deserialize<ReportFigures>(counted)!;
        Assert.Equal(0, figures.ByAgeBracket.Single(b => b.Bracket == "0-4").Total);
    }

    [Fact]
    public async Task A_change_saved_while_a_recount_holds_the_household_waits_and_then_counts_from_what_the_recount_wrote()
    {
        var family = Household(_school, Morning.AddDays(-1), Person("female", new(1990, 2, 1)), Person("male", new(2022, 1, 16)));
        await _database.WithContextAsync(db =>
        {
            db.Households.Add(family);
            return db.SaveChangesAsync();
        });

        // A recount holds the household and rewrites its rows (the boy now 5-11), not yet committed.
        var recount = _database.Services.CreateAsyncScope();
        var recountDb = recount.ServiceProvider.GetRequiredService<ReportingDbContext>();
        var transaction = await recountDb.Database.BeginTransactionAsync();
        await recountDb.Database.ExecuteSqlAsync($"SELECT 1 FROM households WHERE household_id = {family.HouseholdId} FOR UPDATE");
        await recountDb.Database.ExecuteSqlAsync($"UPDATE people_counts SET age_bracket = '5-11' WHERE household_id = {family.HouseholdId} AND sex = 'male'");

        // Meanwhile a correction removes the boy from the household.
        var correction = _database.WithContextAsync(async db =>
        {
            var household = await db.Households.SingleAsync(h => h.HouseholdId == family.HouseholdId);
            household.People = [Person("female", new(1990, 2, 1))];
            household.SourceVersion = 2;
            return await db.SaveChangesAsync();
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(correction.IsCompleted, "the correction was saved while the recount held the household");

        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await recount.DisposeAsync();
        await correction;

        var rows = await _database.WithContextAsync(db => db.PeopleCounts.Where(c => c.HouseholdId == family.HouseholdId).Select(c => c.Sex + " " + c.AgeBracket).ToListAsync());
        Assert.Equal(["female 18-59"], rows);
    }

    [Theory]
    [InlineData(-35, -5)]     // from inside one quarter of an hour to inside another, whole quarters between
    [InlineData(-29, -20)]    // both ends inside the same quarter
    [InlineData(-16, -14)]    // across the boundary of two quarters
    [InlineData(-30, -15)]    // both ends on boundaries: an arrival at the first is before the span, one at the second in it
    [InlineData(-60, null)]   // open at the end, as the live figures ask
    [InlineData(null, -15)]   // open at the start
    public async Task Arrivals_between_two_moments_count_each_household_arrived_in_between_once_wherever_the_moments_fall_in_a_quarter_of_an_hour(int? afterMinutes, int? upToMinutes)
    {
        var arrivals = new[] { -50, -31, -30, -29, -22, -16, -15, -14, -1, 0, 7 }
            .Select((minutes, i) => Household(i % 2 == 0 ? _school : _mosque, Morning.AddMinutes(minutes).AddSeconds(i),
                Enumerable.Range(0, 1 + i % 3).Select(_ => Person("female", new(1990, 1, 1))).ToArray()))
            .ToList();
        await _database.WithContextAsync(db =>
        {
            db.Households.AddRange(arrivals);
            return db.SaveChangesAsync();
        });
        DateTimeOffset? after = afterMinutes is { } a ? Morning.AddMinutes(a) : null, upTo = upToMinutes is { } u ? Morning.AddMinutes(u) : null;

        var found = await _database.WithContextAsync(db => db.ArrivalsAsync(db.PeopleCounts, db.ArrivalTotals, after, upTo, default));

        var expected = arrivals.Where(h => (after is null || h.ArrivedAt > after) && (upTo is null || h.ArrivedAt <= upTo)).ToList();
        Assert.True(expected.Count > 0);
        Assert.Equal((expected.Count, expected.Sum(h => h.People.Count)), (found.Sum(g => g.Households), found.Sum(g => g.People)));
        Assert.All(found, g => Assert.True((after is null || g.ArrivedAt > after) && (upTo is null || g.ArrivedAt <= upTo), $"{g} outside the span"));
    }
}
