using Microsoft.AspNetCore.Authentication.Cookies;

namespace IdpTracker.Web.Sessions;

/// <summary>The browser's only credential: an HttpOnly, SameSite=Strict cookie naming a server-side session.</summary>
public static class SessionCookie
{
    public const string Scheme = "idp.session";
    public const string SessionIdClaim = "sid";

    public static Guid? Current(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst(SessionIdClaim)?.Value, out var id) ? id : null;

    public static IHostApplicationBuilder AddSessionCookie(this IHostApplicationBuilder builder, WebOptions options)
    {
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = Scheme;
            cookie.Cookie.HttpOnly = true;
            // Strict: no other site can make the browser send it, so no other site can act through the app's API.
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // A session ended on the server (sign-out, refused refresh) ends the cookie too.
                OnValidatePrincipal = async context =>
                {
                    // The app's files are the same for everyone: only the session's own endpoints look it up.
                    if (!context.HttpContext.Request.Path.StartsWithSegments("/bff")) return;
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                    if (!Guid.TryParse(context.Principal?.FindFirst(SessionIdClaim)?.Value, out var id)
                        || await sessions.FindOpenAsync(id, context.HttpContext.RequestAborted) is null)
                    {
                        context.RejectPrincipal();
                    }
                },
                // The app and its API never redirect: a fetch gets 401 or 403 and the app says what to do.
                OnRedirectToLogin = context => SignInAgain(context.HttpContext),
                OnRedirectToAccessDenied = context => Problem(context.HttpContext, StatusCodes.Status403Forbidden,
                    "Not allowed", "Your role does not allow this."),
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>401: the session is over; the app asks for a sign-in and keeps what it has not sent.</summary>
    public static Task SignInAgain(HttpContext http) => Problem(http, StatusCodes.Status401Unauthorized,
        "Sign in again", "Your session has ended. Sign in again; what this device has not sent yet stays on it.");

    public static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
}
