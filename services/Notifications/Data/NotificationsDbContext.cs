using IdpTracker.Messaging;
using IdpTracker.Notifications.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Delivery>(b =>
        {
            b.ToTable("deliveries");
            b.Property(d => d.Id).ValueGeneratedNever();
            b.HasIndex(d => new { d.ReportId, d.Channel, d.Recipient }).IsUnique();
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
            b.Property(d => d.Channel).HasMaxLength(20);
            b.Property(d => d.Recipient).HasMaxLength(320);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
