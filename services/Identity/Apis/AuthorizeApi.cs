using System.Globalization;
using System.Net;
using System.Security.Claims;
using IdpTracker.Identity.Model;
using IdpTracker.Identity.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;

// Resource files are found under the project's namespace (Resources/Apis/LoginPageText.resx), not its assembly name.
[assembly: RootNamespace("IdpTracker.Identity")]

namespace IdpTracker.Identity.Apis;

/// <summary>
/// Authorization code with PKCE for the web app and the field app: /connect/authorize sends a person who has
/// not signed in to the login page, then returns a code to the app, which exchanges it (with its verifier)
/// at /connect/token for an access token and a refresh token.
/// </summary>
public static class AuthorizeApi
{
    public static IEndpointRouteBuilder MapAuthorizeApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], Authorize).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/account/login", LoginPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/account/login", Login).AllowAnonymous().RequireRateLimiting(TokenApi.RateLimit).ExcludeFromDescription();
        app.MapGet("/account/logout", (Delegate)Logout).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> Authorize(HttpContext http, UserManager<StaffUser> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(AuthorizationServer.LoginScheme);
        var user = signedIn.Succeeded ? await users.FindByIdAsync(signedIn.Principal!.FindFirstValue(ClaimTypes.NameIdentifier) ?? "") : null;
        // The login cookie proves a password already accepted; wrong passwords typed since by someone else do not undo it.
        if (user is null || user.DisabledAt is not null)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString },
                [AuthorizationServer.LoginScheme]);
        }
        return TokenApi.SignIn(await TokenApi.IdentityOf(user, users), request.GetScopes());
    }

    /// <summary>
    /// Forgets who signed in on the login page, so on a shared phone the next person must type their own password.
    /// The app signs out its own session first; this only ends the login page's memory of the password.
    /// </summary>
    public static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(AuthorizationServer.LoginScheme);
        return Results.LocalRedirect("/");
    }

    public static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginPageText> text, string? returnUrl) =>
        RenderLoginPage(http, antiforgery, text, returnUrl, refused: false);

    private static IResult RenderLoginPage(HttpContext http, IAntiforgery antiforgery, IStringLocalizer<LoginPageText> text, string? returnUrl, bool refused)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var language = LoginPageText.LanguageOf(returnUrl);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        return Results.Content(Page(antiforgery.GetAndStoreTokens(http), returnUrl ?? "/", refused ? text["Refused"].Value : null, text, language), "text/html; charset=utf-8");
    }

    private const string Css = "body{font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}label{display:block;margin-top:1rem}" +
                               "input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}button{margin-top:1.5rem;padding:.7rem 1.2rem;font-size:1rem}" +
                               ".problem{color:#a00}";

    /// <summary>
    /// The page runs no script and loads nothing; its one style sheet is allowed by its hash. Nothing can frame it (no
    /// clickjacking of the password form) and no injected base or form address can redirect what is typed.
    /// </summary>
    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Css)))}'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public static async Task<IResult> Login(
        HttpContext http, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        UserManager<StaffUser> users, IdpTracker.Identity.Data.IdentityDbContext db, IAntiforgery antiforgery, IStringLocalizer<LoginPageText> text, TimeProvider clock)
    {
        var (user, _) = await PasswordSignIn.CheckAsync(users, db, clock, userName, password);
        if (user is null) return RenderLoginPage(http, antiforgery, text, returnUrl, refused: true);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], AuthorizationServer.LoginScheme);
        await http.SignInAsync(AuthorizationServer.LoginScheme, new ClaimsPrincipal(identity));
        // Only back into this server (the authorize endpoint), never to an address an attacker chose.
        return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith("/connect/authorize", StringComparison.Ordinal) ? returnUrl : "/connect/authorize");
    }

    private static string Page(AntiforgeryTokenSet tokens, string returnUrl, string? problem, IStringLocalizer text, string language) => $$"""
        <!doctype html>
        <html lang="{{language}}" dir="{{(language == "ar" ? "rtl" : "ltr")}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(text["Title"])}} · IdpTracker</title>
        <style>{{Css}}</style></head>
        <body><h1>IdpTracker</h1>
        {{(problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{WebUtility.HtmlEncode(problem)}</p>")}}
        <form method="post" action="/account/login">
        <input type="hidden" name="{{tokens.FormFieldName}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
        <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
        <label>{{WebUtility.HtmlEncode(text["UserName"])}} <input name="userName" autocomplete="username" dir="ltr" required autofocus></label>
        <label>{{WebUtility.HtmlEncode(text["Password"])}} <input name="password" type="password" autocomplete="current-password" dir="ltr" required></label>
        <button type="submit">{{WebUtility.HtmlEncode(text["SignIn"])}}</button>
        </form></body></html>
        """;
}

/// <summary>
/// The login page's words, in the language the app asked for (ui_locales on the authorize request, which the page's
/// return address carries): Resources/Apis/LoginPageText.{ar,ku}.resx, English otherwise.
/// </summary>
public sealed class LoginPageText
{
    private static readonly string[] Languages = ["ar", "ku", "en"];

    public static string LanguageOf(string? returnUrl)
    {
        var query = returnUrl is null || !returnUrl.Contains('?') ? "" : returnUrl[(returnUrl.IndexOf('?') + 1)..];
        var wanted = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue("ui_locales", out var values) ? values.ToString() : "";
        return wanted.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('-')[0].ToLowerInvariant()).FirstOrDefault(Languages.Contains) ?? "en";
    }
}
