using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace IdpTracker.Gateway;

public static class DownstreamUnavailable
{
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// A service that cannot be reached (restarting, or every copy down) is answered 503 with Retry-After, as the
    /// services answer while their database is down, instead of YARP's bare 502: the request never reached the service,
    /// so nothing was stored and sending the same request again shortly is safe. YARP's own steps (affinity, load
    /// balancing, passive health) follow it in the pipeline.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseDownstreamUnavailableAs503(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature()?.Error;
            if (error is not (ForwarderError.Request or ForwarderError.NoAvailableDestinations) || context.Response.HasStarted) return;
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The service cannot be reached just now.",
                    Detail = $"The request did not reach it: nothing was stored. Send the same request again in {RetryAfterSeconds} seconds or more.",
                },
            });
        });
        return proxy;
    }
}
