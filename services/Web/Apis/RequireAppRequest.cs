namespace IdpTracker.Web.Apis;

/// <summary>
/// Requests that act with the session must carry the app's own header. A form or link on another site cannot add a
/// header, and a script on another site that tries triggers a CORS preflight this service never allows: a second
/// guard against cross-site requests besides the SameSite cookie.
/// </summary>
public sealed class RequireAppRequest : IEndpointFilter
{
    public const string Header = "X-IdpTracker-App";

    public static readonly IResult Refusal = Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not sent by the app",
        detail: $"Requests to the app's API carry the header {Header}: 1.");

    public static bool Present(HttpContext http) => http.Request.Headers[Header] == "1";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        return Present(context.HttpContext) ? await next(context) : Refusal;
    }
}
