using System.Text.Json;

namespace IdpTracker.ServiceDefaults;

public static class JsonErrors
{
    public const string InvalidValue = "This value is not valid here: check its type and allowed values.";

    /// <summary>The field a JSON error points at, as the client wrote it ("members[0].sex"), or null for the whole document.</summary>
    public static string? FieldPath(JsonException error) => error.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null;
}
