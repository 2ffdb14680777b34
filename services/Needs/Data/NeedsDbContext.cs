using IdpTracker.Messaging;
using IdpTracker.Needs.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Data;

public sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options) : DbContext(options)
{
    public DbSet<CenterProfile> Centers => Set<CenterProfile>();
    public DbSet<HouseholdNeeds> Households => Set<HouseholdNeeds>();
    public DbSet<Distribution> Distributions => Set<Distribution>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CenterProfile>(b =>
        {
            b.ToTable("centers");
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.FloorAreaM2).HasPrecision(10, 2);
        });
        modelBuilder.Entity<HouseholdNeeds>(b =>
        {
            b.ToTable("household_needs");
            b.HasKey(h => h.HouseholdId);
            b.HasIndex(h => h.CenterId);
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
