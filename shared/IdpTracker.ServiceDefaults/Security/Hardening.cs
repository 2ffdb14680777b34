using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.ServiceDefaults.Security;

/// <summary>
/// What every service does to every response and request, whoever calls: small bodies, shallow JSON,
/// headers that keep browsers and caches from keeping or framing what they should not, and HTTPS when
/// the deployment has it.
/// </summary>
public static class Hardening
{
    /// <summary>Larger bodies are refused with 413 (a sync batch of 500 households fits); a bulk import raises its own limit.</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;
    public const int MaxJsonDepth = 32;

    public static IHostApplicationBuilder AddHardening(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            options.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.MaxDepth = MaxJsonDepth);
        if (RequiresHttps(builder.Configuration))
        {
            builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        }
        return builder;
    }

    public static WebApplication UseHardening(this WebApplication app)
    {
        if (RequiresHttps(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use((context, next) =>
        {
            // Set as the response starts, so a header the gateway copies from a service is replaced, not doubled.
            context.Response.OnStarting(() => SetHeaders(context));
            return next(context);
        });
        app.Use(async (context, next) =>
        {
            // A NUL or other control character in a query (?area=%00) reaches no handler and no database.
            foreach (var (key, values) in context.Request.Query)
            {
                if (PlainText.HasControlCharacters(key) || values.Any(v => v is not null && PlainText.HasControlCharacters(v)))
                {
                    await Results.ValidationProblem(new Dictionary<string, string[]> { [key] = [PlainText.ControlCharacters] }).ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
        return app;
    }

    private static Task SetHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/connect") || context.Request.Path.StartsWithSegments("/bff"))
        {
            // Personal data must not linger in a shared phone's browser cache or a proxy.
            headers.CacheControl = "no-store";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/bff/documents")
                // A report opened in the browser: its own styles, nothing that runs, in a sandbox of its own origin.
                ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'"
                : "default-src 'none'; frame-ancestors 'none'";
        }
        return Task.CompletedTask;
    }

    /// <summary>False only where nothing speaks TLS: a developer machine, the test suite.</summary>
    public static bool RequiresHttps(IConfiguration configuration) => configuration.GetValue("Auth:RequireHttps", true);
}
