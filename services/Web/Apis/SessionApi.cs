using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using IdpTracker.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IdpTracker.Web.Apis;

/// <summary>
/// Sign-in for the browser app, backend-for-frontend style: this service runs the authorization code flow with PKCE
/// as the confidential client "idp-web", keeps the tokens, and gives the browser only an HttpOnly, SameSite cookie.
/// </summary>
public static class SessionApi
{
    private const string SignInStateCookie = "idp.signin";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/bff").WithTags("Web app session");
        api.MapGet("/login", Login).AllowAnonymous()
            .WithSummary("Start signing in: sends the browser to Identity's login page (in language: ar, ku or en), then back to returnUrl in the app");
        api.MapGet("/signed-in", SignedIn).AllowAnonymous().ExcludeFromDescription();
        api.MapGet("/user", CurrentUser).RequireAuthorization()
            .WithSummary("Who is signed in in this browser: roles, centres and areas (ids, never a name), and until when");
        api.MapPost("/logout", Logout).RequireAuthorization().AddEndpointFilter<RequireAppRequest>()
            .WithSummary("Sign out: ends the session and revokes its refresh token at Identity");
        return app;
    }

    public static IResult Login(HttpContext http, IDataProtectionProvider dataProtection, IOptions<WebOptions> options, string? returnUrl, string? language)
    {
        var state = CryptoRandom.CreateUniqueId(32);
        var verifier = CryptoRandom.CreateUniqueId(64);
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var target = LocalOnly(returnUrl);
        http.Response.Cookies.Append(SignInStateCookie, StateProtector(dataProtection).Protect($"{state}\n{verifier}\n{target}", TimeSpan.FromMinutes(15)), new CookieOptions
        {
            HttpOnly = true,
            // Lax: the cookie must come back on the redirect from the login page.
            SameSite = SameSiteMode.Lax,
            Secure = options.Value.RequireHttps,
            MaxAge = TimeSpan.FromMinutes(15),
            Path = "/bff",
        });
        // Relative: the browser stays on the address it opened the app at, where the gateway serves Identity too.
        var authorize = new RequestUrl("/connect/authorize").CreateAuthorizeUrl(
            clientId: options.Value.ClientId, responseType: OidcConstants.ResponseTypes.Code, scope: "offline_access",
            redirectUri: RedirectUri(http, options.Value), state: state, codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256,
            // The login page speaks the app's language (Arabic, Kurmanji or English).
            uiLocales: language is "ar" or "ku" or "en" ? language : null);
        return TypedResults.Redirect(authorize);
    }

    public static async Task<IResult> SignedIn(
        HttpContext http, IDataProtectionProvider dataProtection, IOptions<WebOptions> options, SessionStore sessions, IHttpClientFactory httpClients,
        ILogger<SessionStore> logger, string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        var saved = http.Request.Cookies[SignInStateCookie];
        http.Response.Cookies.Delete(SignInStateCookie, new CookieOptions { Path = "/bff" });
        string[]? parts = null;
        try
        {
            if (saved is not null) parts = StateProtector(dataProtection).Unprotect(saved).Split('\n', 3);
        }
        catch (CryptographicException)
        {
            parts = null;
        }
        if (parts is null || state is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[0]), Encoding.UTF8.GetBytes(state)))
        {
            return SignInFailed("The sign-in took too long or was started elsewhere. Open the app and sign in again.");
        }
        if (error is not null || code is null) return SignInFailed("Identity did not sign you in. Open the app and sign in again.");

        var tokens = await httpClients.CreateClient(SessionStore.HttpClientName).RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = sessions.TokenEndpoint,
            ClientId = options.Value.ClientId,
            ClientSecret = options.Value.ClientSecret,
            Code = code,
            RedirectUri = RedirectUri(http, options.Value),
            CodeVerifier = parts[1],
        }, cancellationToken);
        if (tokens.IsError)
        {
            logger.LogWarning("Identity refused to exchange a sign-in code: {Error}", tokens.Error);
            if (tokens.ErrorType != ResponseErrorType.Protocol) return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sign-in is unavailable just now; try again in a minute.");
            return SignInFailed("Identity did not sign you in. Open the app and sign in again.");
        }

        var session = await sessions.StartAsync(tokens, cancellationToken);
        var identity = new ClaimsIdentity([new Claim(SessionCookie.SessionIdClaim, session.Id.ToString())], SessionCookie.Scheme);
        await http.SignInAsync(SessionCookie.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
        return TypedResults.Redirect(parts[2]);
    }

    public static async Task<Results<Ok<SignedInUser>, UnauthorizedHttpResult>> CurrentUser(HttpContext http, SessionStore sessions, CancellationToken cancellationToken)
    {
        var session = SessionCookie.Current(http) is { } id ? await sessions.FindOpenAsync(id, cancellationToken) : null;
        return session is null ? TypedResults.Unauthorized() : TypedResults.Ok(sessions.UserOf(session));
    }

    public static async Task<NoContent> Logout(HttpContext http, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (SessionCookie.Current(http) is { } id) await sessions.EndAsync(id, cancellationToken);
        await http.SignOutAsync(SessionCookie.Scheme);
        return TypedResults.NoContent();
    }

    private static ITimeLimitedDataProtector StateProtector(IDataProtectionProvider dataProtection) =>
        dataProtection.CreateProtector("IdpTracker.Web.SignInState").ToTimeLimitedDataProtector();

    private static string RedirectUri(HttpContext http, WebOptions options)
    {
        var origin = options.PublicAddress is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
        return origin + "/bff/signed-in";
    }

    /// <summary>
    /// Back into the app only: an address of the attacker's choosing would turn sign-in into a redirector. The app is
    /// one page whose screens follow the #, so "/" and "/#/..." are all it needs; anything else (//host, /\host,
    /// a tab or newline browsers drop) goes to "/".
    /// </summary>
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } && (returnUrl == "/" || returnUrl.StartsWith("/#/", StringComparison.Ordinal))
        && !returnUrl.Any(c => char.IsControl(c) || c == '\\')
            ? returnUrl
            : "/";

    private static IResult SignInFailed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-in did not complete", detail: detail);
}
