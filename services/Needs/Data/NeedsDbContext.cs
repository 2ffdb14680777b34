using IdpTracker.Messaging;
using IdpTracker.Needs.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Data;

public sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options) : DbContext(options)
{
    public DbSet<CenterProfile> Centers => Set<CenterProfile>();
    public DbSet<HouseholdNeeds> Households => Set<HouseholdNeeds>();
    public DbSet<Distribution> Distributions => Set<Distribution>();

    /// <summary>
    /// A centre read for weighing households in it. The row stays share-locked until the transaction ends, so a
    /// change to the centre (<see cref="CenterForChangeAsync"/>) waits for it and then sees the household.
    /// </summary>
    public async Task<CenterProfile?> CenterForWeighingAsync(Guid id, CancellationToken cancellationToken) =>
        (await Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR SHARE").ToListAsync(cancellationToken)).FirstOrDefault();

    /// <summary>A centre read to change it, locked so no household is weighed against its old facts meanwhile.</summary>
    public async Task<CenterProfile?> CenterForChangeAsync(Guid id, CancellationToken cancellationToken) =>
        (await Centers.FromSql($"SELECT *, xmin FROM centers WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).FirstOrDefault();

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
        modelBuilder.AddOutboxAndInbox();
    }
}
