using System.Diagnostics;
using System.Net;
using IdpTracker.Web.Sessions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace IdpTracker.Web.Apis;

/// <summary>
/// The app's way to the APIs: /bff/api/... goes to the gateway's /api/... with the session's access token added and
/// the cookie taken off. The APIs decide what the person may do, exactly as for any other client.
/// </summary>
public static class ApiForwarding
{
    public static IEndpointRouteBuilder MapApiForwarding(this IEndpointRouteBuilder app)
    {
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        app.MapMethods("/bff/api/{**path}", ["GET", "POST", "PUT", "PATCH", "DELETE"],
                (HttpContext http, IHttpForwarder forwarder, SessionStore sessions, IOptions<WebOptions> options) =>
                    ForwardAsync(http, forwarder, invoker, sessions, options.Value))
            .RequireAuthorization()
            .WithTags("Web app session")
            .WithSummary("Any API of the gateway's /api/..., called with this browser's session (send the header X-IdpTracker-App: 1)");
        // A report is read as a page or saved as a file by following a link, which cannot carry the app's header. Only
        // these reads are open to a plain link: they change nothing, the SameSite cookie stays home on a link from
        // another site, and the page is sandboxed (no script runs in it).
        app.MapGet("/bff/documents/reports/{id:guid}.{format:regex(^(html|pdf|csv)$)}",
                (Guid id, string format, HttpContext http, IHttpForwarder forwarder, SessionStore sessions, IOptions<WebOptions> options) =>
                    ForwardAsync(http, forwarder, invoker, sessions, options.Value, $"/api/reports/{id}.{format}"))
            .RequireAuthorization()
            .WithTags("Web app session")
            .WithSummary("A situation report as a page (html), a PDF or an HXL CSV, opened with this browser's session by a plain link");
        app.MapGet("/bff/documents/reports/subscriptions/{id:guid}/preview.html",
                (Guid id, HttpContext http, IHttpForwarder forwarder, SessionStore sessions, IOptions<WebOptions> options) =>
                    ForwardAsync(http, forwarder, invoker, sessions, options.Value, $"/api/reports/subscriptions/{id}/preview.html"))
            .RequireAuthorization()
            .WithTags("Web app session")
            .WithSummary("The report a subscription would get now, previewed as a page by a plain link");
        return app;
    }

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(15) };

    private static async Task ForwardAsync(HttpContext http, IHttpForwarder forwarder, HttpMessageInvoker invoker, SessionStore sessions, WebOptions options,
        string? document = null)
    {
        if (document is null && !RequireAppRequest.Present(http))
        {
            await RequireAppRequest.Refusal.ExecuteAsync(http);
            return;
        }
        string? token;
        try
        {
            token = SessionCookie.Current(http) is { } id ? await sessions.AccessTokenAsync(id, http.RequestAborted) : null;
        }
        catch (HttpRequestException)
        {
            // Identity unreachable or busy: nothing was sent; the app keeps its queue and tries again.
            await SessionCookie.Problem(http, StatusCodes.Status503ServiceUnavailable, "Not reachable just now",
                "Sign-in could not be renewed just now; nothing was sent. Try again in a minute.");
            return;
        }
        if (token is null)
        {
            await SessionCookie.SignInAgain(http);
            return;
        }
        var error = await forwarder.SendAsync(http, options.ApiAddress, invoker, RequestConfig, new WithAccessToken(token, document ?? http.Request.Path.Value!["/bff".Length..]));
        if (error != ForwarderError.None && !http.Response.HasStarted)
        {
            await SessionCookie.Problem(http, StatusCodes.Status503ServiceUnavailable, "Not reachable just now",
                "The service could not be reached; nothing was sent. Try again in a minute.");
        }
    }

    private sealed class WithAccessToken(string token, string path) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);
            proxyRequest.Headers.Remove("Cookie");
            proxyRequest.Headers.Remove(RequireAppRequest.Header);
            proxyRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            // The APIs see the gateway's address as the caller's; the person's own address is not theirs to keep.
            proxyRequest.Headers.Host = null;
        }
    }
}
