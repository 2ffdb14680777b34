using IdpTracker.Messaging;
using IdpTracker.Notifications.Model;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();
    public DbSet<ReportCopy> Reports => Set<ReportCopy>();
    public DbSet<SubscriptionWebhook> SubscriptionWebhooks => Set<SubscriptionWebhook>();

    /// <summary>
    /// Serializes, until the transaction ends, the work on one subscription's deliveries: a report taken in while its
    /// webhook changes either sees the change or is there for the change to repoint.
    /// </summary>
    public Task LockSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({subscriptionId.ToString()}, 0))", cancellationToken);

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
        modelBuilder.Entity<SubscriptionWebhook>(b =>
        {
            b.ToTable("subscription_webhooks");
            b.HasKey(w => w.SubscriptionId);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
