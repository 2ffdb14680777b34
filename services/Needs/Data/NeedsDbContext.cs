using IdpTracker.Messaging;
using IdpTracker.Needs.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Data;

public sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options, TimeProvider clock) : DbContext(options)
{
    public DbSet<CenterProfile> Centers => Set<CenterProfile>();
    public DbSet<HouseholdNeeds> Households => Set<HouseholdNeeds>();
    public DbSet<Distribution> Distributions => Set<Distribution>();
    public DbSet<PublishedRuleSet> RuleSets => Set<PublishedRuleSet>();
    public DbSet<ColdWeatherAlert> Alerts => Set<ColdWeatherAlert>();
    public DbSet<Reevaluation> Reevaluations => Set<Reevaluation>();
    public DbSet<PublishedCenterSummary> PublishedCenterSummaries => Set<PublishedCenterSummary>();
    public DbSet<PeopleTally> PeopleTallies => Set<PeopleTally>();
    public DbSet<PeopleTallyTotal> PeopleTallyTotals => Set<PeopleTallyTotal>();
    public DbSet<CenterNeedTotal> CenterNeedTotals => Set<CenterNeedTotal>();

    /// <summary>
    /// Saves, first bringing the people tallies (<see cref="PeopleTally"/>) of every household changed here, or given
    /// items here, and the totals kept from them and from the households (<see cref="PeopleTallyTotal"/>,
    /// <see cref="CenterNeedTotal"/>) in step, in the same transaction: no write path can forget them and no crash can
    /// leave them behind. The totals, rows every saver of a centre shares, are written last, just before the commit, so
    /// that two batches of events saved at once hold them for a moment, not for the whole of each other's inserts
    /// (docs/benchmarks/README.md item 22).
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        this.SaveDetectingChangesOnceAsync(() => SaveDetectedChangesAsync(acceptAllChangesOnSuccess, cancellationToken));

    private async Task<int> SaveDetectedChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var households = ChangeTracker.Entries<HouseholdNeeds>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity.HouseholdId)
            .Concat(ChangeTracker.Entries<Distribution>().Where(e => e.State == EntityState.Added && e.Entity.HouseholdId is not null)
                .Select(e => e.Entity.HouseholdId!.Value))
            .ToHashSet();
        if (households.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var totals = await TallyAsync(households, today, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await AddToTotalsAsync(totals, cancellationToken);
        if (owned is not null) await owned.CommitAsync(cancellationToken);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Needs saves asynchronously, keeping its people tallies in step (SaveChangesAsync).");

    /// <summary>
    /// Counts again the households whose tallies expire before <paramref name="today"/> (a member has since changed
    /// age bracket), a batch at a time; returns how many. About one household in a thousand a day.
    /// </summary>
    public async Task<int> RecountDueTalliesAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var recounted = 0;
        while (true)
        {
            // Any 500 would do; in id order, so the database is not asked for an unordered limit (EF warns of it in the log).
            var due = await PeopleTallies.Where(t => t.CountsUntil < today).Select(t => t.HouseholdId).Distinct().Order().Take(500).ToListAsync(cancellationToken);
            if (due.Count == 0) return recounted;
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var totals = await TallyAsync(due.ToHashSet(), today, cancellationToken);
            await base.SaveChangesAsync(true, cancellationToken);
            await AddToTotalsAsync(totals, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ChangeTracker.Clear();
            recounted += due.Count;
        }
    }

    /// <summary>
    /// Rewrites the tallies of these households from their needs as about to be saved and every item they received
    /// (written at once, in the caller's transaction).
    /// The households' rows are locked first (in one order, so two savers cannot deadlock): a distribution and a
    /// reassessment of the same household saved at once are tallied one after the other, the second seeing the first.
    /// Returns what that adds to the totals, for the caller to write once the rows are saved.
    /// </summary>
    private async Task<TotalsChange> TallyAsync(HashSet<Guid> householdIds, DateOnly today, CancellationToken cancellationToken)
    {
        var ids = householdIds.Order().ToArray();
        await Database.ExecuteSqlAsync($"SELECT 1 FROM household_needs WHERE household_id = ANY({ids}) ORDER BY household_id FOR UPDATE", cancellationToken);

        // A household being saved here is tallied as it will be, and was as it was read (its row version fails the save
        // if the row changed since); any other is read now, after the lock, and is the same before and after.
        var changing = ChangeTracker.Entries<HouseholdNeeds>()
            .Where(e => householdIds.Contains(e.Entity.HouseholdId) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToDictionary(e => e.Entity.HouseholdId);
        var tracked = changing.ToDictionary(e => e.Key, e => e.Value.State == EntityState.Deleted ? null : e.Value.Entity);
        var before = changing.ToDictionary(e => e.Key, e => e.Value.State == EntityState.Added ? null : (HouseholdNeeds)e.Value.OriginalValues.ToObject());
        var untracked = ids.Where(id => !tracked.ContainsKey(id)).ToList();
        var households = untracked.Count == 0 ? [] : await Households.AsNoTracking().Where(h => untracked.Contains(h.HouseholdId)).ToListAsync(cancellationToken);
        foreach (var household in households) tracked[household.HouseholdId] = before[household.HouseholdId] = household;

        // What each received: stored, and added in this save.
        var storedDeliveries = (await Distributions.AsNoTracking().Where(d => d.HouseholdId != null && ids.Contains(d.HouseholdId.Value))
                .Select(d => new { HouseholdId = d.HouseholdId!.Value, d.Item, d.Quantity }).ToListAsync(cancellationToken))
            .Select(d => (d.HouseholdId, d.Item, d.Quantity)).ToList();
        var deliveredBefore = Sums(storedDeliveries);
        var delivered = Sums(storedDeliveries.Concat(ChangeTracker.Entries<Distribution>().Where(e => e.State == EntityState.Added && e.Entity.HouseholdId is not null)
            .Select(e => (HouseholdId: e.Entity.HouseholdId!.Value, e.Entity.Item, e.Entity.Quantity))));

        var stored = await PeopleTallies.AsNoTracking().Where(t => ids.Contains(t.HouseholdId)).ToListAsync(cancellationToken);
        var wanted = ids.SelectMany(id => tracked.GetValueOrDefault(id) is { } household ? PeopleTally.For(household, item => delivered.GetValueOrDefault((id, item)), today) : []).ToList();
        var totals = new TotalsChange(PeopleTallyTotal.Change(stored, wanted), CenterNeedTotal.Change(
            ids.Select(id => CenterNeedTotal.Of(before.GetValueOrDefault(id), item => deliveredBefore.GetValueOrDefault((id, item)))),
            ids.Select(id => CenterNeedTotal.Of(tracked.GetValueOrDefault(id), item => delivered.GetValueOrDefault((id, item))))));
        await this.ReplaceRowsAsync(stored, wanted, cancellationToken);
        return totals;
    }

    /// <summary>What a save adds to the totals kept from the tallies and the households.</summary>
    private sealed record TotalsChange(List<PeopleTallyTotal> People, List<CenterNeedTotal> Centres);

    /// <summary>Adds a save's changes to both totals, always in this order: two savers lock the shared rows in one order and cannot deadlock.</summary>
    private async Task AddToTotalsAsync(TotalsChange change, CancellationToken cancellationToken)
    {
        await AddToPeopleTotalsAsync(change.People, cancellationToken);
        await AddToCenterTotalsAsync(change.Centres, cancellationToken);
    }

    private static Dictionary<(Guid HouseholdId, Item Item), int> Sums(IEnumerable<(Guid HouseholdId, Item Item, int Quantity)> deliveries) =>
        deliveries.GroupBy(d => (d.HouseholdId, d.Item)).ToDictionary(g => g.Key, g => g.Sum(d => d.Quantity));

    /// <summary>
    /// Adds these changes to the totals in the caller's transaction. The rows are few and shared by every household of
    /// a centre, so they are changed in place in one statement, in key order (two savers lock them in the same order
    /// and cannot deadlock), and held only until the caller commits.
    /// </summary>
    private async Task AddToPeopleTotalsAsync(List<PeopleTallyTotal> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        var centres = changes.Select(c => c.CenterId).ToArray();
        var sexes = changes.Select(c => c.Sex).ToArray();
        var brackets = changes.Select(c => c.AgeBracket).ToArray();
        var winterization = changes.Select(c => (int)c.Winterization).ToArray();
        var heating = changes.Select(c => (int)c.Heating).ToArray();
        var scores = changes.Select(c => c.PriorityScore).ToArray();
        var presences = changes.Select(c => c.Presence).ToArray();
        var households = changes.Select(c => c.Households).ToArray();
        var people = changes.Select(c => c.People).ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO people_tally_totals (center_id, sex, age_bracket, winterization, heating, priority_score, presence, households, people)
            SELECT * FROM unnest({centres}, {sexes}, {brackets}, {winterization}, {heating}, {scores}, {presences}, {households}, {people})
            ON CONFLICT (center_id, sex, age_bracket, winterization, heating, priority_score, presence) DO UPDATE
            SET households = people_tally_totals.households + excluded.households, people = people_tally_totals.people + excluded.people
            """, cancellationToken);
    }

    /// <summary>Adds these changes to the centres' totals, as <see cref="AddToPeopleTotalsAsync"/> does to the people's.</summary>
    private async Task AddToCenterTotalsAsync(List<CenterNeedTotal> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        int[] Column(Func<CenterNeedTotal, int> value) => changes.Select(value).ToArray();
        var centres = changes.Select(c => c.CenterId).ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO center_need_totals (center_id, households, people, people_at_night, people_by_day, blankets, mattresses, clothing_sets, heaters,
                fuel_litres, fuel_litres_per_month, blankets_delivered, mattresses_delivered, clothing_sets_delivered, heaters_delivered, fuel_litres_delivered)
            SELECT * FROM unnest({centres}, {Column(c => c.Households)}, {Column(c => c.People)}, {Column(c => c.PeopleAtNight)}, {Column(c => c.PeopleByDay)},
                {Column(c => c.Blankets)}, {Column(c => c.Mattresses)}, {Column(c => c.ClothingSets)}, {Column(c => c.Heaters)}, {Column(c => c.FuelLitres)},
                {Column(c => c.FuelLitresPerMonth)}, {Column(c => c.BlanketsDelivered)}, {Column(c => c.MattressesDelivered)}, {Column(c => c.ClothingSetsDelivered)},
                {Column(c => c.HeatersDelivered)}, {Column(c => c.FuelLitresDelivered)})
            ON CONFLICT (center_id) DO UPDATE SET
                households = center_need_totals.households + excluded.households, people = center_need_totals.people + excluded.people,
                people_at_night = center_need_totals.people_at_night + excluded.people_at_night, people_by_day = center_need_totals.people_by_day + excluded.people_by_day,
                blankets = center_need_totals.blankets + excluded.blankets, mattresses = center_need_totals.mattresses + excluded.mattresses,
                clothing_sets = center_need_totals.clothing_sets + excluded.clothing_sets, heaters = center_need_totals.heaters + excluded.heaters,
                fuel_litres = center_need_totals.fuel_litres + excluded.fuel_litres,
                fuel_litres_per_month = center_need_totals.fuel_litres_per_month + excluded.fuel_litres_per_month,
                blankets_delivered = center_need_totals.blankets_delivered + excluded.blankets_delivered,
                mattresses_delivered = center_need_totals.mattresses_delivered + excluded.mattresses_delivered,
                clothing_sets_delivered = center_need_totals.clothing_sets_delivered + excluded.clothing_sets_delivered,
                heaters_delivered = center_need_totals.heaters_delivered + excluded.heaters_delivered,
                fuel_litres_delivered = center_need_totals.fuel_litres_delivered + excluded.fuel_litres_delivered
            """, cancellationToken);
    }

    /// <summary>A centre read to change it, locked so no household is weighed against its old facts meanwhile.</summary>
    public async Task<CenterProfile?> CenterForChangeAsync(Guid id, CancellationToken cancellationToken) =>
        (await Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).FirstOrDefault();

    /// <summary>The newest published rule set, or the defaults until a coordinator publishes one.</summary>
    public async Task<RuleSet> CurrentRulesAsync(RuleSet defaults, CancellationToken cancellationToken) =>
        await RuleSets.AsNoTracking().OrderByDescending(r => r.Number).Select(r => r.Rules).FirstOrDefaultAsync(cancellationToken) ?? defaults;

    /// <summary>Every rule again for one household (see the overload for several).</summary>
    public Task ReassessAsync(HouseholdNeeds household, RuleSet defaults, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReassessAsync([household], defaults, now, cancellationToken);

    /// <summary>
    /// Every rule again for households, in the shelters they are in now, with the current rules and the alerts in force,
    /// each read once. The shelters stay share-locked (in id order) until the transaction ends, so a change to a centre
    /// (<see cref="CenterForChangeAsync"/>) waits for it and then sees the households.
    /// </summary>
    public async Task ReassessAsync(IReadOnlyCollection<HouseholdNeeds> households, RuleSet defaults, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var centreIds = households.Select(h => h.CenterId).Where(id => id != Guid.Empty).Distinct().Order().ToArray();
        var shelters = centreIds.Length == 0 ? [] : (await Centers
                .FromSql($"SELECT *, xmin FROM centers WHERE id = ANY({centreIds}) ORDER BY id FOR SHARE").ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id);
        var rules = await CurrentRulesAsync(defaults, cancellationToken);
        var alerts = await AlertsInForceAsync(now, cancellationToken);
        foreach (var household in households) household.Reassess(shelters.GetValueOrDefault(household.CenterId), rules, alerts, now);
    }

    /// <summary>Adds a re-evaluation, queued when the caller saves; its key makes asking twice queue it once.</summary>
    public Reevaluation QueueReevaluation(string key, string reason, string? area, DateTimeOffset now, bool onlyRunOut = false)
    {
        var run = new Reevaluation
        {
            Id = Guid.CreateVersion7(now), Key = key, Reason = reason, Area = area, OnlyRunOut = onlyRunOut, Status = ReevaluationStatus.Queued, RequestedAt = now,
        };
        Reevaluations.Add(run);
        return run;
    }

    public async Task<List<AlertFacts>> AlertsInForceAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await Alerts.AsNoTracking().Where(a => a.StartsAt <= now && now < a.EndsAt).ToListAsync(cancellationToken)).Select(a => a.Facts).ToList();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CenterProfile>(b =>
        {
            b.ToTable("centers");
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.FloorAreaM2).HasPrecision(10, 2);
            b.Property(c => c.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<HouseholdNeeds>(b =>
        {
            b.ToTable("household_needs");
            b.HasKey(h => h.HouseholdId);
            b.HasIndex(h => h.CenterId);
            b.Property(h => h.RowVersion).IsRowVersion();
            b.Property(h => h.Members).StoredAsPeopleDocument();
            b.Property(h => h.SpecificNeeds).HasDefaultValueSql("'{}'").ReplacedWhole();
            b.HasIndex(h => h.SpecificNeeds).HasMethod("gin");
            // The priorities list's first pages are read in this order and stop at the page's end, instead of sorting every
            // household present (0.9 s at 1,500,000 households, docs/benchmarks/README.md item 12).
            b.HasIndex(h => new { h.Urgent, h.PriorityScore, h.AssessedAt, h.HouseholdId }).IsDescending(true, true, false, false)
                .HasFilter("present AND NOT merged AND source_version > 0").HasDatabaseName("ix_household_needs_priority_order").IsCreatedConcurrently();
            // The daily re-evaluation reads the households whose assessment has run out, oldest first, and no others.
            b.HasIndex(h => new { h.HoldsUntil, h.HouseholdId })
                .HasFilter("present AND NOT merged AND source_version > 0").HasDatabaseName("ix_household_needs_run_out").IsCreatedConcurrently();
            b.Property(h => h.Reasons).StoredAsJsonReplacedWhole();
            b.Property(h => h.PriorityReasons).StoredAsJsonReplacedWhole();
            b.Property(h => h.UrgentReferrals).StoredAsJsonReplacedWhole();
        });
        modelBuilder.Entity<PeopleTally>(b =>
        {
            b.ToTable("people_tallies");
            b.HasKey(t => new { t.HouseholdId, t.Sex, t.AgeBracket });
            b.Property(t => t.Sex).HasMaxLength(10);
            b.Property(t => t.AgeBracket).HasMaxLength(10);
            b.HasIndex(t => t.CenterId);
            b.HasIndex(t => t.CountsUntil);
        });
        modelBuilder.Entity<PeopleTallyTotal>(b =>
        {
            b.ToTable("people_tally_totals");
            b.HasKey(t => new { t.CenterId, t.Sex, t.AgeBracket, t.Winterization, t.Heating, t.PriorityScore, t.Presence });
            b.Property(t => t.Sex).HasMaxLength(10);
            b.Property(t => t.AgeBracket).HasMaxLength(10);
        });
        modelBuilder.Entity<CenterNeedTotal>(b =>
        {
            b.ToTable("center_need_totals");
            b.HasKey(t => t.CenterId);
        });
        modelBuilder.Entity<PublishedCenterSummary>(b =>
        {
            b.ToTable("published_center_summaries");
            b.HasKey(p => p.CenterId);
            b.Property(p => p.Fingerprint).HasMaxLength(64);
        });
        modelBuilder.Entity<Distribution>(b =>
        {
            b.ToTable("distributions");
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Item).HasConversion<string>().HasMaxLength(20);
            b.Property(d => d.RecordedBy).HasMaxLength(100);
            b.HasIndex(d => d.HouseholdId);
            b.HasIndex(d => d.CenterId);
            // Items handed to a centre as a whole, which the gaps add to the centres' totals.
            b.HasIndex(d => new { d.CenterId, d.Item }).HasFilter("household_id IS NULL").HasDatabaseName("ix_distributions_to_centres");
        });
        modelBuilder.Entity<PublishedRuleSet>(b =>
        {
            b.ToTable("rule_sets");
            b.HasKey(r => r.Number);
            b.Property(r => r.Number).ValueGeneratedNever();
            b.Property(r => r.Version).HasMaxLength(20);
            b.HasIndex(r => r.Version).IsUnique();
            b.Property(r => r.Note).HasMaxLength(500);
            b.Property(r => r.PublishedBy).HasMaxLength(100);
            b.Property(r => r.Rules).StoredAsJson();
        });
        modelBuilder.Entity<ColdWeatherAlert>(b =>
        {
            b.ToTable("cold_weather_alerts");
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Area).HasMaxLength(20);
            b.Property(a => a.MinimumTemperatureC).HasPrecision(4, 1);
            b.Property(a => a.RaisedBy).HasMaxLength(100);
            b.HasIndex(a => a.EndsAt);
        });
        modelBuilder.Entity<Reevaluation>(b =>
        {
            b.ToTable("reevaluations");
            b.Property(r => r.Id).ValueGeneratedNever();
            b.Property(r => r.Key).HasMaxLength(100);
            b.HasIndex(r => r.Key).IsUnique();
            b.Property(r => r.Reason).HasMaxLength(200);
            b.Property(r => r.Area).HasMaxLength(20);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(r => r.Status);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
