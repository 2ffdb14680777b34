using System.Security.Claims;
using IdpTracker.Identity.Model;
using IdpTracker.Identity.Security;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdpTracker.Identity.Apis;

public static class TokenApi
{
    public const string RateLimit = "token";

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", Exchange)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimit)
            .ExcludeFromDescription(); // described by the OpenID Connect discovery document
        return app;
    }

    /// <summary>
    /// Issues tokens after OpenIddict has checked the request and the client: a password sign-in (development
    /// client), a refresh (which re-reads the user, so a role change or a disabled account applies), or a
    /// system's client credentials.
    /// </summary>
    public static async Task<IResult> Exchange(
        HttpContext http, UserManager<StaffUser> users, IdpTracker.Identity.Data.IdentityDbContext db, IOptions<IdentityServerOptions> options, TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsPasswordGrantType())
        {
            var (user, problem) = await PasswordSignIn.CheckAsync(users, db, clock, request.Username, request.Password);
            return user is null ? Refuse(problem!) : SignIn(await IdentityOf(user, users), request.GetScopes());
        }

        if (request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = await users.FindByIdAsync(result.Principal?.GetClaim(Claims.Subject) ?? "");
            // Wrong passwords typed against the account do not stop its refresh tokens: those are a credential of their own.
            if (user is null || user.DisabledAt is not null) return Refuse("The account is no longer active.");
            return SignIn(await IdentityOf(user, users), result.Principal!.GetScopes());
        }

        if (request.IsClientCredentialsGrantType())
        {
            var client = options.Value.ServiceClients.FirstOrDefault(c => c.ClientId == request.ClientId);
            if (client is null) return Refuse("Unknown client.");
            var identity = NewIdentity(client.ClientId);
            identity.AddClaims(client.Roles.Select(r => new Claim(ClaimNames.Role, r)));
            return SignIn(identity, []);
        }

        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This grant type is not supported.");
    }

    /// <summary>Whether a request names the web app's server as its client (client_secret_basic), secret not yet checked.</summary>
    public static bool IsWebClient(HttpRequest request)
    {
        if (!System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }
        try
        {
            var credentials = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            return credentials.StartsWith(AuthorizationServer.WebClientId + ":", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    internal static async Task<ClaimsIdentity> IdentityOf(StaffUser user, UserManager<StaffUser> users)
    {
        // Only what authorization needs: no name, e-mail or phone in a token.
        var identity = NewIdentity(user.Id);
        identity.AddClaims((await users.GetRolesAsync(user)).Select(r => new Claim(ClaimNames.Role, r)));
        identity.AddClaims(user.Centres.Select(c => new Claim(ClaimNames.Centre, c.ToString())));
        identity.AddClaims(user.Areas.Select(a => new Claim(ClaimNames.Area, a)));
        if (user.Organisation is { } organisation) identity.AddClaim(new Claim(ClaimNames.Organisation, organisation));
        return identity;
    }

    private static ClaimsIdentity NewIdentity(string subject)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, subject));
        return identity;
    }

    internal static IResult SignIn(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.SetScopes(scopes.Where(s => s == Scopes.OfflineAccess));
        identity.SetResources(AuthorizationServer.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
