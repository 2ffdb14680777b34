using Duende.IdentityModel.Client;
using IdpTracker.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpTracker.Web.Sessions;

/// <summary>
/// Keeps each browser's tokens on the server and hands the APIs a current access token, refreshing it with the
/// refresh token when it is about to expire. Refreshes of one session are serialised by a row lock, because Identity
/// replaces the refresh token on every use: two tabs refreshing at once must not both spend the same one.
/// </summary>
public sealed class SessionStore(
    WebDbContext db, IDataProtectionProvider dataProtection, IHttpClientFactory httpClients, IOptions<WebOptions> options, TimeProvider clock,
    ILogger<SessionStore> logger)
{
    public const string HttpClientName = "identity";
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SlideAfter = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("IdpTracker.Web.Sessions.Tokens");
    // One instance per request: the cookie's check and the endpoint after it share one read of the session.
    private WebSession? _open;
    private WebOptions Options => options.Value;

    public async Task<WebSession> StartAsync(TokenResponse tokens, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new WebSession
        {
            Id = Guid.CreateVersion7(),
            Subject = SignedInUser.From(tokens.AccessToken!, now).Subject,
            CreatedAt = now,
        };
        Keep(session, tokens, now);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The session if it is still open, moved on by the session lifetime when it was last moved a while ago.</summary>
    public async Task<WebSession?> FindOpenAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_open?.Id == id) return _open;
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        if (session is null || session.EndedAt is not null || session.ExpiresAt <= now) return null;
        if (now - session.LastUsedAt > SlideAfter)
        {
            session.LastUsedAt = now;
            session.ExpiresAt = now + Options.SessionLifetime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return _open = session;
    }

    /// <summary>
    /// A current access token, or null when the session is over (Identity refused the refresh token: the account was
    /// disabled, or the token lapsed). Identity being unreachable is an exception, so the caller answers 503 and the
    /// app tries again later, keeping what it has not sent.
    /// </summary>
    public async Task<string?> AccessTokenAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await FindOpenAsync(id, cancellationToken);
        if (session is null) return null;
        if (session.AccessTokenExpiresAt - RefreshAhead > clock.GetUtcNow()) return _protector.Unprotect(session.AccessTokenCipher);

        // Not cancelled with the browser's request: once Identity has issued a new refresh token (and spent the old
        // one), it must be kept, or the next refresh would replay a spent token and end the session.
        cancellationToken = CancellationToken.None;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeTracker.Clear();
        _open = null;
        session = await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (session is null || session.EndedAt is not null) return null;
        // Another request refreshed it while this one waited for the lock.
        if (session.AccessTokenExpiresAt - RefreshAhead > now) return _protector.Unprotect(session.AccessTokenCipher);

        var response = await httpClients.CreateClient(HttpClientName).RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = TokenEndpoint,
            ClientId = Options.ClientId,
            ClientSecret = Options.ClientSecret,
            RefreshToken = _protector.Unprotect(session.RefreshTokenCipher),
        }, cancellationToken);
        if (response.IsError)
        {
            if (response.ErrorType != ResponseErrorType.Protocol)
            {
                throw new HttpRequestException($"Identity could not be reached to refresh a session: {response.Error}", response.Exception);
            }
            logger.LogInformation("Session {SessionId} ended: Identity refused its refresh token ({Error})", id, response.Error);
            session.EndedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        Keep(session, response, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response.AccessToken;
    }

    /// <summary>Ends the session here and asks Identity to revoke its refresh token, so a copied cookie opens nothing.</summary>
    public async Task EndAsync(Guid id, CancellationToken cancellationToken)
    {
        // Under the same row lock as a refresh, so the token revoked is the one in force, not one a refresh just replaced.
        string refreshToken;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The row as it is now, not the copy read when the cookie was checked.
            db.ChangeTracker.Clear();
            var session = await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
            if (session is null || session.EndedAt is not null) return;
            _open = null;
            session.EndedAt = clock.GetUtcNow();
            refreshToken = _protector.Unprotect(session.RefreshTokenCipher);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        try
        {
            await httpClients.CreateClient(HttpClientName).RevokeTokenAsync(new TokenRevocationRequest
            {
                Address = $"{Options.Authority.TrimEnd('/')}/connect/revoke",
                ClientId = Options.ClientId,
                ClientSecret = Options.ClientSecret,
                Token = refreshToken,
                TokenTypeHint = "refresh_token",
            }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // The session is over here whatever Identity says; its refresh token lapses on its own.
            logger.LogWarning(ex, "Identity could not be reached to revoke session {SessionId}'s refresh token", id);
        }
    }

    public SignedInUser UserOf(WebSession session) => SignedInUser.From(_protector.Unprotect(session.AccessTokenCipher), session.ExpiresAt);

    public string TokenEndpoint => $"{Options.Authority.TrimEnd('/')}/connect/token";

    private void Keep(WebSession session, TokenResponse tokens, DateTimeOffset now)
    {
        session.AccessTokenCipher = _protector.Protect(tokens.AccessToken!);
        // Identity replaces the refresh token on every use; keep the old one only if none came back.
        if (tokens.RefreshToken is { Length: > 0 } refresh) session.RefreshTokenCipher = _protector.Protect(refresh);
        session.AccessTokenExpiresAt = now + TimeSpan.FromSeconds(tokens.ExpiresIn);
        session.LastUsedAt = now;
        session.ExpiresAt = now + Options.SessionLifetime;
    }
}
