using Microsoft.IdentityModel.JsonWebTokens;

namespace IdpTracker.Web.Sessions;

/// <summary>What the app may show about the signed-in person, read from their current access token: ids and roles, never a name.</summary>
public sealed record SignedInUser(string Subject, IReadOnlyList<string> Roles, IReadOnlyList<Guid> Centres, IReadOnlyList<string> Areas, string? Organisation, DateTimeOffset SessionExpiresAt)
{
    /// <summary>
    /// The token came straight from Identity's token endpoint over the back channel, in exchange for the code and this
    /// service's secret, so it is read, not validated again; the APIs validate it on every call.
    /// </summary>
    public static SignedInUser From(string accessToken, DateTimeOffset sessionExpiresAt)
    {
        var token = new JsonWebToken(accessToken);
        IReadOnlyList<string> All(string type) => token.Claims.Where(c => c.Type == type).Select(c => c.Value).ToList();
        return new SignedInUser(token.Subject, All("role"), All("centre").Select(Guid.Parse).ToList(), All("area"),
            All("org").FirstOrDefault(), sessionExpiresAt);
    }
}
