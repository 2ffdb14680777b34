using IdpTracker.Identity.Data;
using IdpTracker.Identity.Security;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Identity.Apis;

public static class RevocationsApi
{
    /// <summary>
    /// For the services, not through the gateway: users whose access tokens issued before a moment must be
    /// refused. Only ids and times, kept while any such token could still be alive.
    /// </summary>
    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/revocations", async (IdentityDbContext db, IOptions<IdentityServerOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var since = clock.GetUtcNow() - options.Value.AccessTokenLifetime - TimeSpan.FromMinutes(5);
            return TypedResults.Ok(await db.Revocations.AsNoTracking().Where(r => r.RevokedAt >= since)
                .Select(r => new Revocation(r.UserId, r.RevokedAt)).ToListAsync(cancellationToken));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
