using System.Threading.RateLimiting;
using IdpTracker.Identity.Apis;
using IdpTracker.Identity.Data;
using IdpTracker.Identity.Model;
using IdpTracker.Identity.Security;
using IdpTracker.Messaging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>("Identity");
        builder.AddMessaging<IdentityDbContext>();
        builder.Services.AddIdentityCore<StaffUser>(options =>
            {
                // ASVS: length, not composition; the rest is in PasswordRules.
                options.Password.RequiredLength = PasswordRules.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                // Wrong passwords slow an account down (PasswordSignIn sets LockoutEnd) instead of locking it for a fixed time;
                // the built-in counter is not used, lockout stays enabled so an account's wait shows as LockedOut.
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddPasswordValidator<PasswordRules>();
        builder.AddAuthorizationServer();

        // The token endpoint is limited per caller: the address the gateway forwards (ForwardedHeadersFromGateway).
        // The web app's server exchanges codes and refreshes tokens for all its users from its one address, so its
        // requests (client idp-web in the Basic header) count in an allowance of their own, as large as a busy day
        // needs. Naming idp-web without its secret buys nothing: every such request is refused.
        var perMinute = builder.Configuration.GetValue("Identity:TokenRequestsPerMinute", 30);
        var webPerMinute = builder.Configuration.GetValue("Identity:WebTokenRequestsPerMinute", 6000);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(TokenApi.RateLimit, http =>
            {
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var web = TokenApi.IsWebClient(http.Request);
                return RateLimitPartition.GetFixedWindowLimiter(web ? "web " + address : address,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = web ? webPerMinute : perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return builder;
    }
}
