using System.Security.Cryptography;
using IdpTracker.Messaging;
using IdpTracker.Registration.Application;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Jobs;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IdpTracker.Registration.Tests;

/// <summary>The duplicate finder and its jobs against the real database: the blind index, its upgrade, scoring again.</summary>
public sealed class DuplicateFindingTests : IAsyncLifetime
{
    private const string Database = "idp_registration_duplicate_tests";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly ServiceDatabase<RegistrationDbContext> _database;
    private readonly Guid _centre = Guid.NewGuid();

    public DuplicateFindingTests() => _database = new(Database, "Registration", _clock, services =>
    {
        services.AddSingleton(Options.Create(new PersonalDataOptions
        {
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            BlindIndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }));
        services.AddSingleton<PersonalDataProtector>();
        services.AddSingleton<NameFrequencyCounter>();
        services.AddScoped<DuplicateFinder>();
    });

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await _database.WithContextAsync(db =>
        {
            db.Centers.Add(new Center { Id = _centre, Name = "Ghuwayran school", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800", Adm2Name = "Al-Hasakah", FloorAreaM2 = 400, NightCapacity = 100 });
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private NameFrequencyCounter Counter(long countedExactlyUpTo = NameFrequencyCounter.CountedExactlyUpTo) =>
        new(_clock, _database.Services.GetRequiredService<IServiceScopeFactory>(), countedExactlyUpTo);

    private PersonalDataProtector Protector => _database.Services.GetRequiredService<PersonalDataProtector>();

    /// <summary>A household stored as an older version of the service stored it: its names indexed by their keys in one script only.</summary>
    private async Task<Guid> StoredByAnOlderVersionAsync(string? phone, params (string? Arabic, string? Latin, Sex Sex, DateOnly Born)[] members)
    {
        var household = new Household
        {
            Id = Guid.NewGuid(), CenterId = _centre, CurrentCenterId = _centre, ArrivedAt = _clock.GetUtcNow(), Version = 1, ContentHash = "x",
            OriginAdm2Code = "SY0800", OriginNeighbourhood = "Ghuwayran", StatusSince = _clock.GetUtcNow(),
        };
        household.ContactCipher = phone is null ? null : Protector.Protect(new HouseholdContact(phone), "households", "contact", household.Id);
        var index = new List<NameIndexEntry>();
        foreach (var (arabic, latin, sex, born) in members)
        {
            var member = new Member { Id = Guid.NewGuid(), HouseholdId = household.Id, Position = household.Members.Count, Sex = sex, DateOfBirth = born, Relationship = household.Members.Count == 0 ? Relationship.Head : Relationship.Spouse };
            member.PersonalCipher = Protector.Protect(new MemberPersonalData(arabic, latin), "members", "personal", member.Id);
            household.Members.Add(member);
            index.AddRange(NameKeys.For(arabic).Concat(NameKeys.For(latin)).Where(k => !NameKeys.IsPhonetic(k)).Distinct()
                .Select(k => new NameIndexEntry { HouseholdId = household.Id, MemberId = member.Id, Hash = Protector.BlindIndex(k), Sex = sex, DateOfBirth = born }));
        }
        await _database.WithContextAsync(db =>
        {
            db.Households.Add(household);
            db.NameIndex.AddRange(index);
            return db.SaveChangesAsync();
        });
        return household.Id;
    }

    private BlindIndexUpgradeJob UpgradeJob() =>
        new(_database.Services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<BlindIndexUpgradeJob>.Instance);

    private Task<List<DuplicatePair>> OpenPairsAsync() =>
        _database.WithContextAsync(db => db.Duplicates.AsNoTracking().Where(d => d.Status == DuplicateStatus.Open).ToListAsync());

    /// <summary>A household registered as the service indexes it now (its keys and their pairs), with one name per member in Latin.</summary>
    private async Task<Guid> IndexedAsync(params (string Latin, Sex Sex, DateOnly Born)[] members)
    {
        var household = new Household { Id = Guid.NewGuid(), CenterId = _centre, CurrentCenterId = _centre, ContentHash = "x", Version = 1, OriginAdm2Code = "SY0800" };
        var named = members.Select((m, i) => (Member: new Member { Id = Guid.NewGuid(), HouseholdId = household.Id, Position = i, Sex = m.Sex, DateOfBirth = m.Born },
            Names: new MemberPersonalData(null, m.Latin))).ToList();
        foreach (var (member, _) in named) household.Members.Add(member);
        await _database.WithContextAsync(db =>
        {
            db.Households.Add(household);
            BlindIndex.Apply(db, Protector, household, named, null, []);
            return db.SaveChangesAsync();
        });
        return household.Id;
    }

    private Task<List<Guid>> CandidatesOfAsync(Guid household) => _database.WithContextAsync(async db =>
        (await new DuplicateFinder(db, Counter(), _clock).ScoreAsync(household, default)).Select(c => c.HouseholdId).ToList());

    [Fact]
    public async Task A_person_is_a_candidate_through_any_two_of_their_name_parts_and_not_through_one()
    {
        var born = new DateOnly(1984, 6, 1);
        var subject = await IndexedAsync(("Mohammed Ahmad Al-Hassan", Sex.Male, born));
        var givenAndFather = await IndexedAsync(("Muhammad Ahmed Al-Khalaf", Sex.Male, born.AddDays(200)));
        var fatherAndFamily = await IndexedAsync(("Khaled Ahmad Al-Hassan", Sex.Male, born.AddYears(-2)));
        var givenAndFamily = await IndexedAsync(("Mohamad Omar Al-Hasan", Sex.Male, born));
        var givenOnly = await IndexedAsync(("Mohammed Omar Al-Jaber", Sex.Male, born));
        var tooFarApart = await IndexedAsync(("Mohammed Ahmad Al-Hassan", Sex.Male, born.AddYears(4)));
        var aWoman = await IndexedAsync(("Mohammed Ahmad Al-Hassan", Sex.Female, born));
        // A name of more parts than are paired is read key by key: it finds those sharing two of its parts, though their
        // pairs do not find it.
        var longName = await IndexedAsync(("Bashar Jamil Nizar Fadi Karim Tarek Walid Samir Rami Hadi Ziad Majd Ayman Nabil Yaser Mohammed Al-Hassan", Sex.Male, born));
        // A one-part name is a candidate through that part alone.
        var oneWord = await IndexedAsync(("Rojin", Sex.Female, born));
        var oneWordToo = await IndexedAsync(("Rojin Ahmad", Sex.Female, born.AddYears(1)));

        Assert.Equal(new[] { givenAndFather, fatherAndFamily, givenAndFamily }.Order(), (await CandidatesOfAsync(subject)).Order());
        Assert.Contains(subject, await CandidatesOfAsync(longName));
        Assert.Equal([oneWordToo], await CandidatesOfAsync(oneWord));
        Assert.DoesNotContain(givenOnly, await CandidatesOfAsync(subject));
        Assert.DoesNotContain(tooFarApart, await CandidatesOfAsync(subject));
        Assert.DoesNotContain(aWoman, await CandidatesOfAsync(subject));
    }

    [Fact]
    public async Task The_keys_stored_before_pairs_were_kept_are_paired_by_the_upgrade_as_the_service_pairs_them()
    {
        var born = new DateOnly(1990, 3, 3);
        var household = await IndexedAsync(("Mohammed Ahmad Al-Hassan", Sex.Male, born), ("Fatima Ali", Sex.Female, born), ("Rojin", Sex.Female, born),
            ("Bashar Jamil Nizar Fadi Karim Tarek Walid Samir Rami Hadi Ziad Majd Ayman Nabil Yaser", Sex.Male, born));
        Task<List<string>> PairsAsync() => _database.WithContextAsync(db => db.NameIndex.Where(e => e.HouseholdId == household && e.Pair)
            .Select(e => e.MemberId.ToString() + Convert.ToHexString(e.Hash)).ToListAsync());
        var paired = await PairsAsync();

        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM name_index WHERE household_id = {household} AND pair"));
        await _database.WithContextAsync(db => db.Database.ExecuteSqlRawAsync(Data.Migrations.NameKeyPairs.PairStoredKeys));

        Assert.Equal(3 + 1, paired.Count); // three parts make three pairs, two make one; one part or fifteen, none
        Assert.Equal(paired.Order(), (await PairsAsync()).Order());
    }

    [Fact]
    public async Task A_name_key_already_stored_refuses_the_whole_save_as_a_row_already_there_and_keeps_nothing_of_it()
    {
        var id = await StoredByAnOlderVersionAsync(null, (null, "Khaled Omar Al-Hassan", Sex.Male, new DateOnly(1970, 1, 1)));
        var stored = await _database.WithContextAsync(db => db.NameIndex.AsNoTracking().Where(e => e.HouseholdId == id).ToListAsync());

        // As when a correction races the index's upgrade job and both write the same keys.
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => _database.WithContextAsync(async db =>
        {
            var household = await db.Households.SingleAsync(h => h.Id == id);
            household.OriginNeighbourhood = "Al-Nashwa";
            db.InsertNameKeysOnSave(household, stored.Select(e => new NameIndexEntry
            {
                HouseholdId = e.HouseholdId, MemberId = e.MemberId, Hash = e.Hash, Phonetic = e.Phonetic, Sex = e.Sex, DateOfBirth = e.DateOfBirth,
            }));
            return await db.SaveChangesAsync();
        }));

        Assert.True(refused.IsUniqueViolation());
        Assert.Equal("Ghuwayran", await _database.WithContextAsync(db => db.Households.Where(h => h.Id == id).Select(h => h.OriginNeighbourhood).SingleAsync()));
        Assert.Equal(stored.Count, await _database.WithContextAsync(db => db.NameIndex.CountAsync(e => e.HouseholdId == id)));
    }

    [Fact]
    public async Task Households_indexed_by_older_keys_are_indexed_again_and_a_family_written_in_Arabic_and_in_Latin_is_found()
    {
        var arabic = await StoredByAnOlderVersionAsync("0944 123 456",
            ("محمد أحمد الخلف", null, Sex.Male, new DateOnly(1980, 5, 5)), ("فاطمة علي الجابر", null, Sex.Female, new DateOnly(1985, 2, 2)));
        var latin = await StoredByAnOlderVersionAsync("+963 944 123 456",
            (null, "Mohammed Ahmad Al-Khalaf", Sex.Male, new DateOnly(1980, 5, 5)), (null, "Fatima Ali Al-Jaber", Sex.Female, new DateOnly(1985, 2, 2)));
        var before = await _database.WithContextAsync(db => new DuplicateFinder(db, Counter(), _clock).FindForAsync(arabic, default));

        var upgraded = await UpgradeJob().UpgradeAsync(default);

        Assert.Equal(0, before); // the old keys of the two scripts never meet
        Assert.Equal(2, upgraded);
        var state = await _database.WithContextAsync(async db => (
            Versions: await db.Households.Select(h => h.NameKeysVersion).Distinct().ToListAsync(),
            PhoneKeys: await db.Households.Select(h => h.PhoneKey).ToListAsync(),
            Phonetic: await db.NameIndex.CountAsync(e => e.Phonetic)));
        Assert.Equal([NameKeys.Version], state.Versions);
        Assert.Equal(state.PhoneKeys[0], state.PhoneKeys[1]); // the same phone, written two ways
        Assert.Equal(2 * 3 * 2, state.Phonetic); // three name parts of two members, in each household
        var pair = Assert.Single(await OpenPairsAsync());
        Assert.Equal(new[] { arabic, latin }.Order(), new[] { pair.FirstHouseholdId, pair.SecondHouseholdId });
        Assert.Contains("same phone number", pair.Reasons);
        Assert.Equal(0, await UpgradeJob().UpgradeAsync(default));
    }

    /// <summary>
    /// Two different men named Mohammed Ahmad Al-Hassan with the same date of birth: while only a few families are
    /// registered the names look rare enough to propose them; then 1,500 more men carrying the same three name parts are
    /// registered, and the pair is old enough to be scored again. Returns the two households and the pairs proposed.
    /// </summary>
    private async Task<(Guid One, Guid Other, List<DuplicatePair> Proposed)> APairProposedThenTheirNamesTurnOutCommonAsync()
    {
        var born = new DateOnly(1984, 6, 1);
        var one = await StoredByAnOlderVersionAsync(null, (null, "Mohammed Ahmad Al-Hassan", Sex.Male, born));
        var other = await StoredByAnOlderVersionAsync(null, (null, "Muhammad Ahmed Al-Hassan", Sex.Male, born));
        await UpgradeJob().UpgradeAsync(default);
        var proposed = await OpenPairsAsync();
        await _database.WithContextAsync(db =>
        {
            // Registered since (indexed as the service does now).
            for (var i = 0; i < 1500; i++)
            {
                var household = new Household { Id = Guid.NewGuid(), CenterId = _centre, CurrentCenterId = _centre, ContentHash = "x", Version = 1 };
                var member = new Member { Id = Guid.NewGuid(), HouseholdId = household.Id, Sex = Sex.Male, DateOfBirth = new DateOnly(1940 + i % 60, 1 + i % 12, 1 + i % 28) };
                household.Members.Add(member);
                db.Households.Add(household);
                BlindIndex.Apply(db, Protector, household, [(member, new MemberPersonalData(null, i % 2 == 0 ? "Mohammed Ahmad Al-Hassan" : "Ahmad Mohammed Al-Hassan"))], null, []);
            }
            return db.SaveChangesAsync();
        });
        _clock.Advance(TimeSpan.FromMinutes(11));
        return (one, other, proposed);
    }

    private RescoreDuplicatesJob RescoreJob(RegistrationActivity activity, DuplicateMatching? matching = null) =>
        new(_database.Services.GetRequiredService<IServiceScopeFactory>(), activity, matching ?? new DuplicateMatching(_clock), _clock, NullLogger<RescoreDuplicatesJob>.Instance);

    [Fact]
    public async Task A_pair_proposed_while_the_register_was_small_is_withdrawn_when_scored_again_against_a_grown_register()
    {
        var (one, other, proposed) = await APairProposedThenTheirNamesTurnOutCommonAsync();

        var rescored = await RescoreJob(new RegistrationActivity(_clock)).RescoreAsync(default);

        Assert.Contains(proposed, d => new[] { d.FirstHouseholdId, d.SecondHouseholdId }.Order().SequenceEqual(new[] { one, other }.Order()));
        Assert.True(rescored.Withdrawn >= 1, $"{rescored.Withdrawn} withdrawn");
        Assert.DoesNotContain(await OpenPairsAsync(), d => d.FirstHouseholdId == one || d.SecondHouseholdId == one);
    }

    [Fact]
    public async Task After_the_upgrade_that_counts_name_parts_whole_every_open_pair_is_scored_again_at_the_next_round()
    {
        var (one, _, _) = await APairProposedThenTheirNamesTurnOutCommonAsync();
        // Found two days ago and scored again yesterday: by the doubling intervals not due for another day.
        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE duplicate_pairs SET found_at = {_clock.GetUtcNow().AddDays(-2)}, scored_at = {_clock.GetUtcNow().AddDays(-1)}"));
        Assert.Equal((0, 0), await RescoreJob(new RegistrationActivity(_clock)).RescoreAsync(default));

        await _database.WithContextAsync(db => db.Database.ExecuteSqlRawAsync(Data.Migrations.ScoreOpenPairsAgain.MakeOpenPairsDue));

        var rescored = await RescoreJob(new RegistrationActivity(_clock)).RescoreAsync(default);
        Assert.True(rescored.Withdrawn >= 1, $"{rescored.Withdrawn} withdrawn");
        Assert.DoesNotContain(await OpenPairsAsync(), d => d.FirstHouseholdId == one || d.SecondHouseholdId == one);
    }

    /// <summary>Starts scoring pairs again while <paramref name="work"/> is under way: it waits, then goes on once the work pauses.</summary>
    private async Task ScoringAgainWaitsForAsync(WorkUnderWay work, RescoreDuplicatesJob job, string what)
    {
        var (one, _, _) = await APairProposedThenTheirNamesTurnOutCommonAsync();
        Task<(int Households, int Withdrawn)> rescoring;
        using (work.Begin())
        {
            rescoring = job.RescoreAsync(default);
            // Without waiting, a round of one pair ends well within these seconds (real time; the job's clock stands still).
            await Task.WhenAny(rescoring, Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.False(rescoring.IsCompleted, $"the pairs were scored again while {what}");
            Assert.Contains(await OpenPairsAsync(), d => d.FirstHouseholdId == one || d.SecondHouseholdId == one);
        }
        _clock.Advance(WorkUnderWay.QuietAfter);

        var rescored = await rescoring.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(rescored.Withdrawn >= 1, $"{rescored.Withdrawn} withdrawn");
        Assert.DoesNotContain(await OpenPairsAsync(), d => d.FirstHouseholdId == one || d.SecondHouseholdId == one);
    }

    [Fact]
    public async Task Scoring_pairs_again_waits_while_households_are_being_written_and_goes_on_once_the_writes_pause()
    {
        var activity = new RegistrationActivity(_clock);
        await ScoringAgainWaitsForAsync(activity, RescoreJob(activity), "households were being written");
    }

    [Fact]
    public async Task Scoring_pairs_again_waits_while_new_households_are_being_matched_and_goes_on_once_matching_pauses()
    {
        var matching = new DuplicateMatching(_clock);
        await ScoringAgainWaitsForAsync(matching, RescoreJob(new RegistrationActivity(_clock), matching), "new households were being matched");
    }

    [Fact]
    public async Task A_large_register_is_sized_from_the_database_statistics_and_a_small_one_is_counted_person_by_person()
    {
        var born = new DateOnly(1990, 1, 1);
        var households = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            households.Add(await StoredByAnOlderVersionAsync(null, ("محمد", "Mohammed", Sex.Male, born), ("فاطمة", "Fatima", Sex.Female, born), ("علي", "Ali", Sex.Male, born)));
        }
        // The statistics see twelve people; one household's three leave afterwards, which only a count sees at once.
        await _database.WithContextAsync(db => db.Database.ExecuteSqlRawAsync("ANALYZE members"));
        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM name_index WHERE household_id = {households[0]}"));
        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM members WHERE household_id = {households[0]}"));

        Task<long> SizeSeenByAsync(NameFrequencyCounter counter) =>
            _database.WithContextAsync(async db => (await counter.ForAsync(db, [], default)).People);

        Assert.Equal(12, await SizeSeenByAsync(Counter(countedExactlyUpTo: 0)));
        Assert.Equal(9, await SizeSeenByAsync(Counter()));
    }
    [Fact]
    public async Task A_common_name_part_is_counted_whole_kept_an_hour_and_then_counted_again_without_waiting_while_a_rare_one_is_counted_again_after_five_minutes()
    {
        // "Mohammed" is carried by a quarter of a large register: a count stopped at some number would weigh it as rarer than it is.
        var household = await IndexedAsync(("Jaber", Sex.Male, new DateOnly(1990, 1, 1)));
        byte[] common = RandomNumberGenerator.GetBytes(16), rare = RandomNumberGenerator.GetBytes(16);
        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO name_index (household_id, member_id, hash, sex, date_of_birth, phonetic)
            SELECT {household}, gen_random_uuid(), CASE WHEN n <= 3 THEN {rare} ELSE {common} END, 'Male', DATE '1990-01-01', true
            FROM generate_series(1, 30003) n
            """));
        var counter = Counter();
        Task<NameFrequencies> CountedAsync() => _database.WithContextAsync(db => counter.ForAsync(db, [common, rare], default));
        (long Common, long Rare) Carriers(NameFrequencies f) => (f.PeopleWith(Convert.ToHexString(common)), f.PeopleWith(Convert.ToHexString(rare)));

        // Counted now, or (if the database happens to have analysed the index already) estimated now and counted beside.
        await CountedAsync();
        await counter.Recounting;
        Assert.Equal((30_000, 3), Carriers(await CountedAsync()));

        await _database.WithContextAsync(db => db.Database.ExecuteSqlAsync($"""
            DELETE FROM name_index WHERE member_id IN (
                (SELECT member_id FROM name_index WHERE hash = {common} LIMIT 10000) UNION ALL (SELECT member_id FROM name_index WHERE hash = {rare} LIMIT 1))
            """));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal((30_000, 2), Carriers(await CountedAsync()));

        _clock.Advance(TimeSpan.FromMinutes(55));
        // The hour is up: the count known is given at once, and the key is counted again beside the search or match,
        // which may well be over, its context gone, before the count is.
        Assert.Equal(30_000, (await _database.WithContextAsync(db => counter.ForAsync(db, [common], default))).PeopleWith(Convert.ToHexString(common)));
        await counter.Recounting;
        Assert.Equal((20_000, 2), Carriers(await CountedAsync()));
    }

    [Fact]
    public async Task A_common_name_part_never_counted_is_given_the_database_statistics_estimate_at_once_and_counted_beside()
    {
        // After a restart, "Mohammed"'s first count read its whole index range on cold caches inside the first search.
        var household = await IndexedAsync(("Jaber", Sex.Male, new DateOnly(1990, 1, 1)));
        var common = RandomNumberGenerator.GetBytes(16);
        await _database.WithContextAsync(async db =>
        {
            // Analysed once, here, and not again by the database on its own once a third of the key is removed below.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE name_index SET (autovacuum_enabled = false)");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO name_index (household_id, member_id, hash, sex, date_of_birth, phonetic)
                SELECT {household}, gen_random_uuid(), {common}, 'Male', DATE '1990-01-01', true FROM generate_series(1, 30000)
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE name_index");
            return await db.Database.ExecuteSqlAsync($"""
                DELETE FROM name_index WHERE member_id IN (SELECT member_id FROM name_index WHERE hash = {common} LIMIT 10000)
                """);
        });
        var counter = Counter();
        Task<long> CarriersAsync() =>
            _database.WithContextAsync(async db => (await counter.ForAsync(db, [common], default)).PeopleWith(Convert.ToHexString(common)));

        // The statistics' estimate, from before the removal: not a count of the index as it is now.
        Assert.InRange(await CarriersAsync(), 29_000, 31_000);
        await counter.Recounting;
        Assert.Equal(20_000, await CarriersAsync());
    }
}
