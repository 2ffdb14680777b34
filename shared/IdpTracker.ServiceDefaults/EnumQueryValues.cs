using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace IdpTracker.ServiceDefaults;

/// <summary>
/// A query value that names one of an enum's members is read as the API reference and the answers write it
/// (<c>?status=present</c>, <c>?status=merged</c>), in any letter case. Left to itself, minimal API binding takes only the
/// C# spelling (<c>Present</c>) and also a number (<c>?status=1</c>). A number or an unknown name is refused with a
/// problem naming the parameter and the values it takes.
/// </summary>
public static class EnumQueryValues
{
    public static IApplicationBuilder UseEnumQueryValues(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler && context.Request.Query.Count > 0)
        {
            Dictionary<string, StringValues>? rewritten = null;
            var errors = new Dictionary<string, string[]>();
            foreach (var (name, type) in EnumParameters(endpoint, handler))
            {
                if (!context.Request.Query.TryGetValue(name, out var sent)) continue;
                var read = new string?[sent.Count];
                for (var i = 0; i < sent.Count; i++)
                {
                    var member = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, sent[i], StringComparison.OrdinalIgnoreCase));
                    if (member is null)
                    {
                        errors[name] = [$"Choose one of: {string.Join(", ", Documented(type))}."];
                        break;
                    }
                    read[i] = member;
                }
                rewritten ??= context.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
                rewritten[name] = new StringValues(read);
            }
            if (errors.Count > 0)
            {
                await TypedResults.ValidationProblem(errors).ExecuteAsync(context);
                return;
            }
            if (rewritten is not null) context.Request.Query = new QueryCollection(rewritten);
        }
        await next(context);
    });

    /// <summary>The values as the API writes them (camelCase, as the JSON answers do).</summary>
    public static IEnumerable<string> Documented(Type enumType) => Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName);

    private static IEnumerable<(string Name, Type Enum)> EnumParameters(RouteEndpoint endpoint, MethodInfo handler)
    {
        foreach (var parameter in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsArray) type = Nullable.GetUnderlyingType(type.GetElementType()!) ?? type.GetElementType()!;
            if (!type.IsEnum || parameter.Name is null) continue;
            var fromQuery = parameter.GetCustomAttribute<FromQueryAttribute>();
            if (fromQuery is null && endpoint.RoutePattern.GetParameter(parameter.Name) is not null) continue;
            yield return (fromQuery?.Name ?? parameter.Name, type);
        }
    }
}
