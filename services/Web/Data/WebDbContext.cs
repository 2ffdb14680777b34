using IdpTracker.Web.Sessions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Web.Data;

/// <summary>The web app's sessions (with the tokens they hold) and the keys that protect its cookies.</summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<WebSession> Sessions => Set<WebSession>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebSession>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Subject).HasMaxLength(100);
            session.HasIndex(s => s.Subject);
            session.HasIndex(s => s.ExpiresAt);
        });
    }
}
