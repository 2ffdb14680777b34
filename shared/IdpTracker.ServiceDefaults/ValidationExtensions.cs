using System.Text.Json;
using FluentValidation.Results;

namespace IdpTracker.ServiceDefaults;

public static class ValidationExtensions
{
    /// <summary>
    /// Errors keyed by the field's JSON path as the client sent it (e.g. "members[1].dateOfBirth"),
    /// so a phone app can put the message next to the right input.
    /// </summary>
    public static Dictionary<string, string[]> ToProblemErrors(this ValidationResult result) =>
        result.Errors
            .GroupBy(error => JsonPath(error.PropertyName))
            .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).Distinct().ToArray());

    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
}
