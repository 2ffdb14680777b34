using IdpTracker.Identity.Model;
using IdpTracker.Messaging;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Identity.Data;

/// <summary>Users and roles (ASP.NET Core Identity), OpenIddict's clients and tokens, revocations, and the outbox.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityDbContext<StaffUser>(options)
{
    public DbSet<AccessRevocation> Revocations => Set<AccessRevocation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.AddOutboxAndInbox();
        builder.Entity<AccessRevocation>(b =>
        {
            b.ToTable("access_revocations");
            b.HasIndex(r => r.RevokedAt);
        });
    }
}
