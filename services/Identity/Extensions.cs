using IdpTracker.Identity.Data;
using IdpTracker.Messaging;
using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>("Identity");
        builder.AddMessaging<IdentityDbContext>();
        builder.Services.AddIdentityCore<IdentityUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityDbContext>();
        return builder;
    }
}
