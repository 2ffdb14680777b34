using IdpTracker.Messaging;
using IdpTracker.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Reporting.Data;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<ProjectedCenter> Centers => Set<ProjectedCenter>();
    public DbSet<ProjectedHousehold> Households => Set<ProjectedHousehold>();
    public DbSet<ProjectedCenterNeeds> CenterNeeds => Set<ProjectedCenterNeeds>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<SituationReport> Reports => Set<SituationReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
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
            b.OwnsMany(h => h.People, p => p.ToJson());
            b.Property(h => h.RowVersion).IsRowVersion();
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
