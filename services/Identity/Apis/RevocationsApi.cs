using IdpTracker.Identity.Data;
using IdpTracker.Identity.Security;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
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
        app.MapGet("/internal/revocations", async Task<Results<Ok<List<Revocation>>, UnauthorizedHttpResult>> (
            HttpRequest http, IdentityDbContext db, IOptions<IdentityServerOptions> options, IOptions<AuthOptions> auth, TimeProvider clock,
            CancellationToken cancellationToken) =>
        {
            if (!IsService(http, auth.Value)) return TypedResults.Unauthorized();
            var since = clock.GetUtcNow() - options.Value.AccessTokenLifetime - TimeSpan.FromMinutes(5);
            return TypedResults.Ok(await db.Revocations.AsNoTracking().Where(r => r.RevokedAt >= since)
                .Select(r => new Revocation(r.UserId, r.RevokedAt)).ToListAsync(cancellationToken));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>A service of this deployment: it sends the internal key (compared in constant time). No key configured, no caller.</summary>
    private static bool IsService(HttpRequest http, AuthOptions auth) =>
        auth.InternalApiKey.Length > 0
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(http.Headers[AuthOptions.InternalApiKeyHeader].ToString()),
            System.Text.Encoding.UTF8.GetBytes(auth.InternalApiKey));
}
