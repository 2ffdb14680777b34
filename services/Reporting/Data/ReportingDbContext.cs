using IdpTracker.Messaging;
using IdpTracker.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Data;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options, TimeProvider clock) : DbContext(options)
{
    public DbSet<ProjectedCenter> Centers => Set<ProjectedCenter>();
    public DbSet<ProjectedHousehold> Households => Set<ProjectedHousehold>();
    public DbSet<ProjectedCenterNeeds> CenterNeeds => Set<ProjectedCenterNeeds>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<SituationReport> Reports => Set<SituationReport>();
    public DbSet<PeopleCount> PeopleCounts => Set<PeopleCount>();
    public DbSet<PeopleCountTotal> PeopleCountTotals => Set<PeopleCountTotal>();
    public DbSet<ProtectionCount> ProtectionCounts => Set<ProtectionCount>();
    public DbSet<ProtectionCountTotal> ProtectionCountTotals => Set<ProtectionCountTotal>();
    public DbSet<ArrivalTotal> ArrivalTotals => Set<ArrivalTotal>();

    /// <summary>
    /// Saves, first bringing the counts (<see cref="PeopleCount"/>, <see cref="ProtectionCount"/>) of every household
    /// changed here in step, in the same transaction: no write path can forget them and no crash can leave them behind.
    /// The totals kept from the counts, rows every saver of a centre shares, are written last, just before the commit,
    /// so that two batches of events saved at once hold them for a moment, not for the whole of each other's inserts
    /// (docs/benchmarks/README.md item 22).
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        this.SaveDetectingChangesOnceAsync(() => SaveDetectedChangesAsync(acceptAllChangesOnSuccess, cancellationToken));

    private async Task<int> SaveDetectedChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var households = ChangeTracker.Entries<ProjectedHousehold>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.State == EntityState.Deleted ? new ProjectedHousehold { HouseholdId = e.Entity.HouseholdId } : e.Entity).ToList();
        if (households.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var totals = await CountAsync(households, today, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await AddToTotalsAsync(totals, cancellationToken);
        if (owned is not null) await owned.CommitAsync(cancellationToken);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Reporting saves asynchronously, keeping its counts in step (SaveChangesAsync).");

    /// <summary>
    /// Counts again the households whose counts expire before <paramref name="today"/> (a member has since changed
    /// age bracket), a batch at a time; returns how many.
    /// </summary>
    public async Task<int> RecountDueAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var recounted = 0;
        while (true)
        {
            // Any 500 would do; in id order, so the database is not asked for an unordered limit (EF warns of it in the log).
            var due = await PeopleCounts.Where(c => c.CountsUntil < today).Select(c => c.HouseholdId).Distinct().Order().Take(500).ToListAsync(cancellationToken);
            if (due.Count == 0) return recounted;
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            await LockAsync(due, cancellationToken);
            // Read once locked: a change saved meanwhile is seen here, or waits and counts itself after.
            var households = await Households.AsNoTracking().Where(h => due.Contains(h.HouseholdId)).ToListAsync(cancellationToken);
            // A due row whose household is gone is removed.
            var totals = await CountAsync(households.Concat(due.Except(households.Select(h => h.HouseholdId)).Select(id => new ProjectedHousehold { HouseholdId = id })).ToList(),
                today, cancellationToken);
            await base.SaveChangesAsync(true, cancellationToken);
            await AddToTotalsAsync(totals, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            ChangeTracker.Clear();
            recounted += due.Count;
        }
    }

    /// <summary>
    /// Locks the households' rows (in one order, so two savers cannot deadlock) until the transaction ends: a save and
    /// the day's recount of the same household run one after the other, the second reading what the first wrote.
    /// </summary>
    private Task LockAsync(IEnumerable<Guid> householdIds, CancellationToken cancellationToken)
    {
        var ids = householdIds.ToArray();
        return Database.ExecuteSqlAsync($"SELECT 1 FROM households WHERE household_id = ANY({ids}) ORDER BY household_id FOR UPDATE", cancellationToken);
    }

    /// <summary>What a save adds to the totals kept from the counts.</summary>
    private sealed record TotalsChange(List<PeopleCountTotal> People, List<ArrivalTotal> Arrivals, List<ProtectionCountTotal> Protection);

    /// <summary>
    /// Rewrites the counts of these households (locked first; written at once, in the caller's transaction) from them
    /// as about to be saved, brackets as of <paramref name="today"/>; returns what that adds to the totals, for the
    /// caller to write once the rows are saved.
    /// </summary>
    private async Task<TotalsChange> CountAsync(IReadOnlyCollection<ProjectedHousehold> households, DateOnly today, CancellationToken cancellationToken)
    {
        var ids = households.Select(h => h.HouseholdId).ToList();
        await LockAsync(ids, cancellationToken);
        var stored = await PeopleCounts.AsNoTracking().Where(c => ids.Contains(c.HouseholdId)).ToListAsync(cancellationToken);
        var wanted = households.SelectMany(h => PeopleCount.For(h, today)).ToList();
        var people = PeopleCountTotal.Change(stored, wanted);
        var arrivals = ArrivalTotal.Change(stored, wanted);
        await this.ReplaceRowsAsync(stored, wanted, cancellationToken);
        var storedProtection = await ProtectionCounts.AsNoTracking().Where(c => ids.Contains(c.HouseholdId)).ToListAsync(cancellationToken);
        var wantedProtection = households.SelectMany(ProtectionCount.For).ToList();
        var protection = ProtectionCountTotal.Change(storedProtection, wantedProtection);
        await this.ReplaceRowsAsync(storedProtection, wantedProtection, cancellationToken);
        return new TotalsChange(people, arrivals, protection);
    }

    /// <summary>Adds a save's changes to the three totals, always in this order: two savers lock the shared rows in one order and cannot deadlock.</summary>
    private async Task AddToTotalsAsync(TotalsChange change, CancellationToken cancellationToken)
    {
        await AddToPeopleTotalsAsync(change.People, cancellationToken);
        await AddToArrivalTotalsAsync(change.Arrivals, cancellationToken);
        await AddToProtectionTotalsAsync(change.Protection, cancellationToken);
    }

    /// <summary>
    /// Adds these changes to the totals in the caller's transaction: one statement, in key order (savers lock the
    /// shared rows in the same order and cannot deadlock), held until the caller commits (ADR-012).
    /// </summary>
    private async Task AddToPeopleTotalsAsync(List<PeopleCountTotal> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        var centres = changes.Select(c => c.CenterId).ToArray();
        var places = changes.Select(c => c.Place).ToArray();
        var sexes = changes.Select(c => c.Sex).ToArray();
        var brackets = changes.Select(c => c.AgeBracket).ToArray();
        var households = changes.Select(c => c.Households).ToArray();
        var people = changes.Select(c => c.People).ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO people_count_totals (center_id, place, sex, age_bracket, households, people)
            SELECT * FROM unnest({centres}, {places}, {sexes}, {brackets}, {households}, {people})
            ON CONFLICT (center_id, place, sex, age_bracket) DO UPDATE
            SET households = people_count_totals.households + excluded.households, people = people_count_totals.people + excluded.people
            """, cancellationToken);
    }

    /// <summary>The same for the arrivals' totals (<see cref="AddToPeopleTotalsAsync"/>), after the people's: every saver takes the two in that order.</summary>
    private async Task AddToArrivalTotalsAsync(List<ArrivalTotal> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        var centres = changes.Select(c => c.CenterId).ToArray();
        var quarters = changes.Select(c => c.ArrivedIn).ToArray();
        var households = changes.Select(c => c.Households).ToArray();
        var people = changes.Select(c => c.People).ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO arrival_totals (center_id, arrived_in, households, people)
            SELECT * FROM unnest({centres}, {quarters}, {households}, {people})
            ON CONFLICT (center_id, arrived_in) DO UPDATE
            SET households = arrival_totals.households + excluded.households, people = arrival_totals.people + excluded.people
            """, cancellationToken);
    }

    /// <summary>
    /// The households and people arrived after <paramref name="after"/> and up to <paramref name="upTo"/> (either end
    /// open when null) among <paramref name="counts"/>, narrowed by the caller to the same centres as
    /// <paramref name="totals"/>: the quarters of an hour wholly inside from their totals (<see cref="ArrivalTotal"/>),
    /// the two cut by the ends from the counted rows, read by their arrival time.
    /// </summary>
    public async Task<List<ArrivalGroup>> ArrivalsAsync(
        IQueryable<PeopleCount> counts, IQueryable<ArrivalTotal> totals, DateTimeOffset? after, DateTimeOffset? upTo, CancellationToken cancellationToken)
    {
        var firstWhole = after is { } from ? ArrivalTotal.QuarterOf(from) + ArrivalTotal.Width : (DateTimeOffset?)null;
        var lastCut = upTo is { } to ? ArrivalTotal.QuarterOf(to) : (DateTimeOffset?)null;
        if (firstWhole is { } wholeFrom) totals = totals.Where(t => t.ArrivedIn >= wholeFrom);
        if (lastCut is { } wholeBefore) totals = totals.Where(t => t.ArrivedIn < wholeBefore);
        if (after is { } a) counts = counts.Where(c => c.ArrivedAt > a);
        if (upTo is { } u) counts = counts.Where(c => c.ArrivedAt <= u);
        IQueryable<PeopleCount>? cut = (firstWhole, lastCut) switch
        {
            ({ } first, { } last) => counts.Where(c => c.ArrivedAt < first || c.ArrivedAt >= last),
            ({ } first, null) => counts.Where(c => c.ArrivedAt < first),
            (null, { } last) => counts.Where(c => c.ArrivedAt >= last),
            (null, null) => null,
        };
        var wholeQuarters = await totals.Where(t => t.Households != 0 || t.People != 0)
            .GroupBy(t => t.ArrivedIn).Select(g => new ArrivalGroup(g.Key, g.Sum(t => t.Households), g.Sum(t => t.People))).ToListAsync(cancellationToken);
        var cutQuarters = cut is null ? [] : await FigureInputs.ArrivalsOf(cut, null).ToListAsync(cancellationToken);
        return FigureInputs.Summed(wholeQuarters.Concat(cutQuarters)).ToList();
    }

    /// <summary>The same for the protection totals (<see cref="AddToPeopleTotalsAsync"/>).</summary>
    private async Task AddToProtectionTotalsAsync(List<ProtectionCountTotal> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        var centres = changes.Select(c => c.CenterId).ToArray();
        var categories = changes.Select(c => c.Category).ToArray();
        var households = changes.Select(c => c.Households).ToArray();
        var counts = changes.Select(c => c.Count).ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO protection_count_totals (center_id, category, households, count)
            SELECT * FROM unnest({centres}, {categories}, {households}, {counts})
            ON CONFLICT (center_id, category) DO UPDATE
            SET households = protection_count_totals.households + excluded.households, count = protection_count_totals.count + excluded.count
            """, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ArrivalTotal>(b =>
        {
            b.ToTable("arrival_totals");
            b.HasKey(t => new { t.CenterId, t.ArrivedIn });
        });
        modelBuilder.Entity<ProtectionCountTotal>(b =>
        {
            b.ToTable("protection_count_totals");
            b.HasKey(t => new { t.CenterId, t.Category });
            b.Property(t => t.Category).HasMaxLength(50);
        });
        modelBuilder.Entity<PeopleCountTotal>(b =>
        {
            b.ToTable("people_count_totals");
            b.HasKey(t => new { t.CenterId, t.Place, t.Sex, t.AgeBracket });
            b.Property(t => t.Place).HasMaxLength(20);
            b.Property(t => t.Sex).HasMaxLength(10);
            b.Property(t => t.AgeBracket).HasMaxLength(10);
        });
        modelBuilder.Entity<ProjectedCenter>(b =>
        {
            b.ToTable("centers");
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.FloorAreaM2).HasPrecision(10, 2);
            b.Property(c => c.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<ProjectedHousehold>(b =>
        {
            b.ToTable("households");
            b.HasKey(h => h.HouseholdId);
            b.HasIndex(h => h.CenterId);
            b.Property(h => h.People).StoredAsPeopleDocument();
            b.Property(h => h.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<PeopleCount>(b =>
        {
            b.ToTable("people_counts");
            b.HasKey(c => new { c.HouseholdId, c.Sex, c.AgeBracket });
            b.Property(c => c.Sex).HasMaxLength(10);
            b.Property(c => c.AgeBracket).HasMaxLength(10);
            b.Property(c => c.Place).HasMaxLength(20);
            b.HasIndex(c => c.CenterId);
            b.HasIndex(c => c.ArrivedAt);
            b.HasIndex(c => c.CountsUntil);
        });
        modelBuilder.Entity<ProtectionCount>(b =>
        {
            b.ToTable("protection_counts");
            b.HasKey(c => new { c.HouseholdId, c.Category });
            b.Property(c => c.Category).HasMaxLength(50);
            b.HasIndex(c => c.CenterId);
        });
        modelBuilder.Entity<ProjectedCenterNeeds>(b =>
        {
            b.ToTable("center_needs");
            b.HasKey(n => n.CenterId);
            b.Property(n => n.Summary).StoredAsJson();
            b.Property(n => n.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<Subscription>(b =>
        {
            b.ToTable("subscriptions");
            b.Property(s => s.Id).ValueGeneratedNever();
            b.Property(s => s.Organisation).HasMaxLength(200);
            b.Property(s => s.Cron).HasMaxLength(100);
            b.Property(s => s.TimeZone).HasMaxLength(100);
            b.Ignore(s => s.RecurringJobId);
        });
        modelBuilder.Entity<SituationReport>(b =>
        {
            b.ToTable("situation_reports");
            b.Property(r => r.Id).ValueGeneratedNever();
            b.HasIndex(r => new { r.SubscriptionId, r.Occurrence }).IsUnique();
            b.HasOne<Subscription>().WithMany().HasForeignKey(r => r.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
            // Reports are immutable: the figures they were built from are stored with them as a document.
            b.Property(r => r.Figures).StoredAsJson();
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
