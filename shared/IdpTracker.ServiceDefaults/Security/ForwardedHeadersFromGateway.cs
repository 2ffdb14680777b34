using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.ServiceDefaults.Security;

/// <summary>
/// Behind the gateway, a service sees the gateway as the caller. It believes the gateway's X-Forwarded-For, -Proto and
/// -Host (the caller's address for rate limits and the audit record; the public scheme and host for the addresses it
/// builds, such as Identity's login page) only from the gateway: loopback by default, or the addresses and networks in
/// ForwardedHeaders:KnownProxies and ForwardedHeaders:KnownNetworks (e.g. the gateway's address in a compose network).
/// Anyone else sending those headers is ignored. The gateway itself is the edge: it trusts no one on loopback
/// (ForwardedHeaders:FromLoopback false), only a TLS terminator a deployment names in front of it.
/// </summary>
public static class ForwardedHeadersFromGateway
{
    public static IHostApplicationBuilder AddForwardedHeadersFromGateway(this IHostApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        var fromLoopback = builder.Configuration.GetValue("ForwardedHeaders:FromLoopback", true);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // One hop: the gateway. A longer chain would let a caller put any address first.
            options.ForwardLimit = 1;
            if (!fromLoopback)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }
            foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }

    public static WebApplication UseForwardedHeadersFromGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
