using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace IdpTracker.Web.Apis;

/// <summary>
/// Serves the browser app: one page, its hashed scripts and styles (cached for a year), the service worker and the
/// language files (checked again on every visit). The service worker keeps a copy of all of it, so the app opens
/// with no connection at all.
/// </summary>
public static class AppShell
{
    /// <summary>
    /// Scripts, styles, connections and workers from this origin only: an injected script tag or inline handler does
    /// not run, and nothing typed in the app can be sent anywhere else.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
        "manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>The built app (client/dist), copied beside the service's own files.</summary>
    private static readonly PhysicalFileProvider Files = new(Path.Combine(AppContext.BaseDirectory, "app"));

    public static IHostApplicationBuilder AddAppShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            // Only the app's own files: never a response with personal data next to something an attacker chose (BREACH).
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Optimal);
        return builder;
    }

    public static WebApplication UseAppShell(this WebApplication app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/bff"), shell => shell.UseResponseCompression());
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // Hashed names never change content; everything else is checked again so a new version arrives.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>
    /// The app's one page. Its screens are addressed after the # (#/register), so no other path is the app's: an
    /// unknown address is a 404, never the page (which would make /internal/... look served).
    /// </summary>
    public static WebApplication MapAppShell(this WebApplication app)
    {
        app.MapGet("/", (HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(Files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
