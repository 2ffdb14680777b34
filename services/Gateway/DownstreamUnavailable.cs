using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace IdpTracker.Gateway;

public static class DownstreamUnavailable
{
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// A service that cannot be reached (restarting, or every copy down) is answered 503 with Retry-After, as the
    /// services answer while their database is down, instead of YARP's bare 502. The answer says what is known: a
    /// request that never reached the service stored nothing; one the service took and then died before answering may
    /// have been stored, and sending it again with the same id stores it once. YARP's own steps (affinity, load
    /// balancing, passive health) follow it in the pipeline.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseDownstreamUnavailableAs503(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            var failure = context.GetForwarderErrorFeature();
            if (failure?.Error is not (ForwarderError.Request or ForwarderError.NoAvailableDestinations) || context.Response.HasStarted) return;
            var neverReached = failure.Error == ForwarderError.NoAvailableDestinations
                || failure.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The service cannot be reached just now.",
                    Detail = neverReached
                        ? $"The request did not reach it: nothing was stored. Send the same request again in {RetryAfterSeconds} seconds or more."
                        : $"It stopped before answering: the request may have been stored. Send the same request again in {RetryAfterSeconds} seconds or more; "
                          + "a record sent again with its id is stored once.",
                },
            });
        });
        return proxy;
    }
}
