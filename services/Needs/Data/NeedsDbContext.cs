using IdpTracker.Messaging;
using IdpTracker.Needs.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Data;

public sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options) : DbContext(options)
{
    public DbSet<CenterProfile> Centers => Set<CenterProfile>();
    public DbSet<HouseholdNeeds> Households => Set<HouseholdNeeds>();
    public DbSet<Distribution> Distributions => Set<Distribution>();
    public DbSet<PublishedRuleSet> RuleSets => Set<PublishedRuleSet>();
    public DbSet<ColdWeatherAlert> Alerts => Set<ColdWeatherAlert>();
    public DbSet<Reevaluation> Reevaluations => Set<Reevaluation>();
    public DbSet<PublishedCenterSummary> PublishedCenterSummaries => Set<PublishedCenterSummary>();

    /// <summary>Items received per household and item, for the given households or (null) every one.</summary>
    public async Task<Dictionary<(Guid Household, Item Item), int>> DeliveredPerHouseholdAsync(IReadOnlyCollection<Guid>? householdIds, CancellationToken cancellationToken)
    {
        var distributions = Distributions.AsNoTracking().Where(d => d.HouseholdId != null);
        if (householdIds is not null) distributions = distributions.Where(d => householdIds.Contains(d.HouseholdId!.Value));
        return (await distributions.GroupBy(d => new { d.HouseholdId, d.Item }).Select(g => new { g.Key.HouseholdId, g.Key.Item, Quantity = g.Sum(d => d.Quantity) })
                .ToListAsync(cancellationToken))
            .ToDictionary(d => (d.HouseholdId!.Value, d.Item), d => d.Quantity);
    }

    /// <summary>
    /// A centre read for weighing households in it. The row stays share-locked until the transaction ends, so a
    /// change to the centre (<see cref="CenterForChangeAsync"/>) waits for it and then sees the household.
    /// </summary>
    public async Task<CenterProfile?> CenterForWeighingAsync(Guid id, CancellationToken cancellationToken) =>
        (await Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR SHARE").ToListAsync(cancellationToken)).FirstOrDefault();

    /// <summary>A centre read to change it, locked so no household is weighed against its old facts meanwhile.</summary>
    public async Task<CenterProfile?> CenterForChangeAsync(Guid id, CancellationToken cancellationToken) =>
        (await Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).FirstOrDefault();

    /// <summary>The newest published rule set, or the defaults until a coordinator publishes one.</summary>
    public async Task<RuleSet> CurrentRulesAsync(RuleSet defaults, CancellationToken cancellationToken) =>
        await RuleSets.AsNoTracking().OrderByDescending(r => r.Number).Select(r => r.Rules).FirstOrDefaultAsync(cancellationToken) ?? defaults;

    /// <summary>
    /// Every rule again for one household, in the shelter it is in now (share-locked, see
    /// <see cref="CenterForWeighingAsync"/>), with the current rules and the alerts in force.
    /// </summary>
    public async Task ReassessAsync(HouseholdNeeds household, RuleSet defaults, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shelter = household.CenterId == Guid.Empty ? null : await CenterForWeighingAsync(household.CenterId, cancellationToken);
        household.Reassess(shelter, await CurrentRulesAsync(defaults, cancellationToken), await AlertsInForceAsync(now, cancellationToken), now);
    }

    /// <summary>Adds a re-evaluation, queued when the caller saves; its key makes asking twice queue it once.</summary>
    public Reevaluation QueueReevaluation(string key, string reason, string? area, DateTimeOffset now)
    {
        var run = new Reevaluation { Id = Guid.CreateVersion7(now), Key = key, Reason = reason, Area = area, Status = ReevaluationStatus.Queued, RequestedAt = now };
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
            b.OwnsMany(h => h.Members, m => m.ToJson());
            b.Property(h => h.SpecificNeeds).HasDefaultValueSql("'{}'");
            b.HasIndex(h => h.SpecificNeeds).HasMethod("gin");
            b.Property(h => h.Reasons).StoredAsJson();
            b.Property(h => h.PriorityReasons).StoredAsJson();
            b.Property(h => h.UrgentReferrals).StoredAsJson();
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
