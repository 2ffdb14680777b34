using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using IdpTracker.ServiceDefaults.Security;
using Scalar.AspNetCore;

namespace IdpTracker.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Structured logs, traces across HTTP and the bus, problem details, health checks and OpenAPI.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            // Scopes carry the trace and span ids, so a log line can be found from a trace and back.
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        builder.AddOpenTelemetry();

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);

        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        // Let body-binding failures reach the exception handler, which names the offending field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.Converters.Add(new PlainText.JsonConverter());
        });

        builder.AddHardening();
        builder.AddForwardedHeadersFromGateway();
        // Endpoints that may run long (a bulk import) say how long with WithRequestTimeout; the others have none.
        builder.Services.AddRequestTimeouts();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);

        // No server list: the document is read through the gateway, and "try it" must go there too.
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));
        return builder;
    }

    private static void AddOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Environment.ApplicationName;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource("MassTransit", "IdpTracker.*")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter("MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // Export only when a collector is configured; traces still propagate (W3C headers) without one.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
    }

    /// <summary>Error handling, health endpoints and the OpenAPI document with its reference page.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseForwardedHeadersFromGateway();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHardening();
        app.UseRequestTimeouts();
        if (app.Services.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        app.UseEnumQueryValues();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();

        // How far behind the service is (messages waiting in its queues, events in its outbox): 200 while it answers,
        // "Degraded" with the figures while it is behind.
        app.MapHealthChecks("/health/backlog", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("backlog"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options.StaysOnThisServer()).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The API reference page loads nothing from the internet and reports nothing: no fonts from Scalar's CDN, no
    /// telemetry. Whoever reads it may be on a field office's network that is watched.
    /// </summary>
    public static ScalarOptions StaysOnThisServer(this ScalarOptions options) => options.DisableDefaultFonts().DisableTelemetry();
}
