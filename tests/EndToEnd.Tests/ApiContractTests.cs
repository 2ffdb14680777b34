using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>The API takes what its reference documents: the tests are generated from the services' OpenAPI documents.</summary>
[Collection(nameof(SystemCollection))]
public class ApiContractTests(SystemFixture system)
{
    /// <summary>Every query parameter the documents give a list of values for, with its values, on GET endpoints.</summary>
    private async Task<List<(string Path, string Parameter, string[] Values)>> DocumentedEnumsAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = system.Services["Gateway"].BaseAddress };
        var found = new List<(string, string, string[])>();
        foreach (var service in AuthorizationTests.DocumentedServices)
        {
            var document = (await anonymous.GetFromJsonAsync<JsonObject>($"openapi/{service}.json"))!;
            var schemas = document["components"]?["schemas"]?.AsObject();
            JsonNode? Resolve(JsonNode? schema) => schema?["$ref"] is { } reference
                ? schemas?[reference.GetValue<string>().Split('/')[^1]]
                : schema?["items"] is { } items ? Resolve(items) : schema;
            foreach (var (path, operations) in document["paths"]!.AsObject())
            {
                if (operations!["get"]?["parameters"] is not JsonArray parameters) continue;
                foreach (var parameter in parameters.OfType<JsonObject>().Where(p => p["in"]?.GetValue<string>() == "query"))
                {
                    if (Resolve(parameter["schema"])?["enum"] is JsonArray values)
                    {
                        found.Add((path, parameter["name"]!.GetValue<string>(), values.OfType<JsonNode>().Select(v => v.GetValue<string>()).ToArray()));
                    }
                }
            }
        }
        return found;
    }

    [Fact]
    public async Task Every_documented_value_of_every_query_parameter_is_accepted_in_the_spelling_the_reference_gives()
    {
        var enums = await DocumentedEnumsAsync();

        var refused = new List<string>();
        foreach (var (path, parameter, values) in enums)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString()).TrimStart('/');
            foreach (var value in values)
            {
                // A coordinator and administrator may call every endpoint that takes such a value: a refusal (403) would hide
                // how the value is read, so it counts as not accepted too.
                using var response = await system.Gateway.GetAsync($"{concrete}?{parameter}={value}");
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or >= HttpStatusCode.InternalServerError)
                {
                    refused.Add($"GET {path}?{parameter}={value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Contains(enums, e => e.Path == "/api/households" && e.Parameter == "status" && e.Values.SequenceEqual(["present", "departed"]));
        Assert.Contains(enums, e => e.Path == "/api/duplicates" && e.Parameter == "status" && e.Values.SequenceEqual(["open", "merged", "dismissed"]));
        Assert.True(enums.Count >= 5, $"only {enums.Count} documented enum parameters");
        Assert.Empty(refused);
    }

    [Theory]
    [InlineData("api/households?status=PRESENT", HttpStatusCode.OK)]
    [InlineData("api/households?status=Departed", HttpStatusCode.OK)]
    [InlineData("api/centers?status=open", HttpStatusCode.OK)]
    [InlineData("api/households?status=1", HttpStatusCode.BadRequest)]
    [InlineData("api/households?status=gone", HttpStatusCode.BadRequest)]
    public async Task A_query_value_is_read_in_any_letter_case_and_a_number_or_unknown_name_is_refused_with_the_values_allowed(string path, HttpStatusCode expected)
    {
        using var response = await system.Gateway.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
            Assert.Equal("Choose one of: present, departed.", errors["status"]![0]!.GetValue<string>());
        }
    }
}
