using Microsoft.AspNetCore.Identity;

namespace IdpTracker.Identity.Model;

/// <summary>A person who signs in: field worker, coordinator, donor or administrator, and what they are assigned to.</summary>
public sealed class StaffUser : IdentityUser
{
    /// <summary>Reception centres a field worker works at.</summary>
    public List<Guid> Centres { get; set; } = [];
    /// <summary>Admin codes (adm1, adm2 or adm3) a coordinator is responsible for.</summary>
    public List<string> Areas { get; set; } = [];
    /// <summary>The organisation a donor belongs to.</summary>
    public string? Organisation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when an administrator disables the account: no sign-in, no refresh, tokens refused everywhere.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}

/// <summary>
/// A moment from which a user's access tokens are refused by every service: kept while any token issued
/// before it could still be alive.
/// </summary>
public sealed class AccessRevocation
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset RevokedAt { get; set; }
}
