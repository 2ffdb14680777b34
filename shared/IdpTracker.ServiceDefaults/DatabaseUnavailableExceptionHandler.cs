using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace IdpTracker.ServiceDefaults;

/// <summary>
/// While the database cannot be reached (restarting, failing over, the network cut), a request is answered 503 with
/// Retry-After, not 500: a phone or script knows to send the same request again shortly, and nothing was stored
/// half-way (every write is one transaction).
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientFailures.IsUnreachable(exception)) return false;
        logger.LogWarning("The database cannot be reached; answered 503: {Reason}", exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database cannot be reached just now.",
                Detail = $"Nothing was stored. Send the same request again in {RetryAfterSeconds} seconds or more.",
            },
        });
    }
}
