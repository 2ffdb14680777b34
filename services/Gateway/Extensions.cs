using Scalar.AspNetCore;
using IdpTracker.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace IdpTracker.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHttpClient(DownstreamHealthCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddCheck<DownstreamHealthCheck>("services", tags: ["ready"]);
        // Browsers may call the API only from the web app's own origins; tokens travel in headers, never cookies.
        var origins = builder.Configuration.GetSection("Cors:WebOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location")));
        return builder;
    }

    /// <summary>One API reference page at the gateway for every service's OpenAPI document.</summary>
    public static WebApplication MapServicesApiReference(this WebApplication app)
    {
        var services = app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Clusters.Select(c => c.ClusterId).ToList();
        app.MapScalarApiReference("/api-reference", options =>
        {
            options.WithTitle("IdpTracker API").WithOpenApiRoutePattern("/openapi/{documentName}.json").StaysOnThisServer();
            foreach (var service in services) options.AddDocument(service);
        });
        return app;
    }
}
