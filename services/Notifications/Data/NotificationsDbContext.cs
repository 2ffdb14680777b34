using IdpTracker.Messaging;
using IdpTracker.Notifications.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();
    public DbSet<ReportCopy> Reports => Set<ReportCopy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Delivery>(b =>
        {
            b.ToTable("deliveries");
            b.Property(d => d.Id).ValueGeneratedNever();
            b.HasIndex(d => new { d.ReportId, d.Channel, d.Recipient }).IsUnique();
            b.HasIndex(d => new { d.Status, d.NextAttemptAt });
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
            b.Property(d => d.Channel).HasMaxLength(20);
            b.Property(d => d.Recipient).HasMaxLength(320);
            b.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId);
        });
        modelBuilder.Entity<DeliveryAttempt>(b =>
        {
            b.ToTable("delivery_attempts");
            b.HasIndex(a => a.DeliveryId);
            b.Property(a => a.Error).HasMaxLength(1000);
        });
        modelBuilder.Entity<ReportCopy>(b =>
        {
            b.ToTable("report_copies");
            b.HasKey(r => r.ReportId);
            b.Property(r => r.Subject).HasMaxLength(500);
            b.Property(r => r.Attachments).StoredAsJson();
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
