using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IdpTracker.ServiceDefaults;

/// <summary>
/// Unreadable request bodies (bad JSON, an unknown code, a wrong type) become a 400 validation problem
/// naming the field, instead of a bare "Bad Request" a field worker cannot act on.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        var json = badRequest.InnerException as JsonException;
        // A query or route value that does not parse: 'Failed to bind parameter "Guid? centerId" from "x".'
        var parameter = System.Text.RegularExpressions.Regex.Match(badRequest.Message, "parameter \"[^\"]*?(\\w+)\" from");
        var field = (json is null ? null : JsonErrors.FieldPath(json)) ?? (parameter.Success ? parameter.Groups[1].Value : "body");
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json is InvalidTextException ? json.Message : json is null && !parameter.Success ? "The request could not be read." : JsonErrors.InvalidValue],
        })
        {
            Status = badRequest.StatusCode,
            Title = "The request is not valid.",
        };
        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
