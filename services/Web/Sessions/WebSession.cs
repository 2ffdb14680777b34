namespace IdpTracker.Web.Sessions;

/// <summary>
/// One signed-in browser. The browser holds only a cookie naming this row; the tokens stay here, encrypted with the
/// web app's data-protection keys, so no script in the page can reach them. The keys live in the same database:
/// its backups are guarded like Identity's (ADR-007).
/// </summary>
public sealed class WebSession
{
    public Guid Id { get; set; }
    /// <summary>The account's id at Identity (never a name).</summary>
    public string Subject { get; set; } = "";
    public string AccessTokenCipher { get; set; } = "";
    public string RefreshTokenCipher { get; set; } = "";
    public DateTimeOffset AccessTokenExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    /// <summary>The session ends here unless used again: each use moves it on by the session lifetime.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
