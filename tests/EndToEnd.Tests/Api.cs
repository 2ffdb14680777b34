using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>What a field app sends, written the way its JSON looks.</summary>
public static class Api
{
    public static object Center(string name, decimal floorAreaM2 = 400, int nightCapacity = 120) => new
    {
        name,
        type = "school",
        heated = false,
        adm1Code = "SY08",
        adm1Name = "Al-Hasakah",
        adm2Code = "SY0800",
        adm2Name = "Al-Hasakah",
        location = "Ghuwayran",
        floorAreaM2,
        nightCapacity,
        // Enough for the people tests register (3 female to 1 male), so WASH does not colour a centre's status.
        toiletsFemale = 6,
        toiletsMale = 2,
    };

    public static object Member(string sex, DateOnly dateOfBirth, string relationship, bool estimated = false) =>
        new { sex, dateOfBirth, dateOfBirthEstimated = estimated, relationship };

    public static object Household(Guid centerId, params object[] members) =>
        new { centerId, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), members };

    public static DateOnly Born(int yearsAgo, int extraMonths = 0) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-yearsAgo).AddMonths(-extraMonths).AddDays(-3);

    /// <summary>One page (the newest 200) of the possible duplicate pairs the caller sees, with the query's filters.</summary>
    public static async Task<List<JsonObject>> DuplicatesAsync(this HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<JsonObject>($"api/duplicates?sort=newest&pageSize=200{(query == "" ? "" : "&" + query)}"))!["items"]!
            .AsArray().OfType<JsonObject>().ToList();

    public static async Task<Guid> CreateCenterAsync(this HttpClient gateway, string name, decimal floorAreaM2 = 400, int nightCapacity = 120)
    {
        using var response = await gateway.PostAsJsonAsync("api/centers", Center(name, floorAreaM2, nightCapacity));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    /// <summary>
    /// Subscribes to reports on a centre just opened: Reporting hears of the centre a moment later, and until then
    /// refuses it in a scope, so the request is sent again until it is accepted.
    /// </summary>
    public static Task<JsonObject> SubscribeOnceTheCentreIsKnownAsync(this HttpClient gateway, object subscription) =>
        IdpTracker.Testing.Eventually.Get(async () =>
        {
            using var subscribe = await gateway.PostAsJsonAsync("api/reports/subscriptions", subscription);
            return subscribe.StatusCode == System.Net.HttpStatusCode.Created ? await subscribe.Content.ReadFromJsonAsync<JsonObject>() : null;
        }, TimeSpan.FromSeconds(60), "the subscription");

    public static async Task<JsonObject?> GetJsonOrNullAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    public static int Int(this JsonNode? node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.')) current = current?[part];
        return current?.GetValue<int>() ?? throw new InvalidOperationException($"No number at {path} in {node?.ToJsonString()}");
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
