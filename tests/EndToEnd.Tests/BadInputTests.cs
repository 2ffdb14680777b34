using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// A generated corpus of bad input over every write endpoint, sent through the gateway as an attacker or a broken
/// phone would: each field of a valid request replaced by null, another type, a huge, invisible or control-character
/// string, an extreme number or date, an invalid id; and whole bodies broken (malformed, empty, nested deep, duplicate
/// keys, wrong content type). Whatever comes in, the answer is never a 5xx, a 400 is problem details naming the field,
/// and a refused household, movement or distribution is not stored.
/// </summary>
/// <remarks>
/// Rule sets are left out here: an accepted publication would re-weigh every household of the system the other tests
/// share. Their refusals by field are tested in Needs.Tests (RuleSetTests) and in the access matrix.
/// </remarks>
[Collection(nameof(SystemCollection))]
public class BadInputTests(SystemFixture system)
{
    private sealed record Endpoint(string Method, Func<string> Path, Func<JsonObject> Body, Func<Guid, Task<bool>>? Stored = null);

    private sealed record Case(string Endpoint, string Mutation, string? Field, HttpRequestMessage Request, Func<Task<bool>>? Stored);

    [Fact]
    public async Task No_bad_input_gets_a_5xx_every_400_names_its_field_and_nothing_refused_is_stored()
    {
        var cases = await CasesAsync();
        Assert.True(cases.Count >= 1000, $"only {cases.Count} cases");

        var wrong = new List<string>();
        foreach (var batch in cases.Chunk(8))
        {
            await Task.WhenAll(batch.Select(async c =>
            {
                using var request = c.Request;
                using var response = await system.Gateway.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var what = $"{c.Endpoint} with {c.Mutation}{(c.Field is null ? "" : " at " + c.Field)}";
                if (status >= 500) lock (wrong) wrong.Add($"{what}: {status} {Short(body)}");
                else if (status == 400 && ProblemFields(body) is not { Count: > 0 } fields) lock (wrong) wrong.Add($"{what}: 400 without field errors: {Short(body)}");
                else if (status == 400 && c.Field is not null && !ProblemFields(body)!.Any(f => Related(f, c.Field)))
                {
                    lock (wrong) wrong.Add($"{what}: 400 names {string.Join(", ", ProblemFields(body)!)}, not {c.Field}");
                }
                else if (status >= 400 && c.Stored is not null && await c.Stored()) lock (wrong) wrong.Add($"{what}: refused with {status} but stored");
            }));
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} cases answered wrong:\n" + string.Join('\n', wrong.Take(60)));
    }

    private async Task<List<Case>> CasesAsync()
    {
        var centre = await system.Gateway.CreateCenterAsync("Bad input school");
        var household = Guid.NewGuid();
        (await system.Gateway.PutAsJsonAsync($"api/households/{household}", Api.Household(centre, Api.Member("female", Api.Born(30), "head")))).EnsureSuccessStatusCode();
        using var subscribed = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions", Subscription());
        var subscription = (await subscribed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var (user, _) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        // A refused copy waiting for review, and a pair of registrations of one family, for the endpoints that resolve them.
        var twin = Household(centre);
        var (original, copy) = (Guid.NewGuid(), Guid.NewGuid());
        (await system.Gateway.PutAsync($"api/households/{original}", Content(twin))).EnsureSuccessStatusCode();
        (await system.Gateway.PutAsync($"api/households/{copy}", Content(twin))).EnsureSuccessStatusCode();
        twin["phone"] = "+963 933 000 000";
        using var refused = await system.Gateway.PutAsync($"api/households/{original}", Content(twin));
        var conflict = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();
        var pair = (await IdpTracker.Testing.Eventually.Get(async () => (await system.Gateway.DuplicatesAsync())
            .FirstOrDefault(p => p["first"]?["id"]?.GetValue<Guid>() == original || p["second"]?["id"]?.GetValue<Guid>() == original),
            TimeSpan.FromSeconds(30), "the two registrations of one family to be proposed"))!["id"]!.GetValue<Guid>();
        await IdpTracker.Testing.Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{household}") is not null,
            TimeSpan.FromSeconds(30), "Needs to know the household");

        var id = Guid.Empty;
        string Fresh() => (id = Guid.NewGuid()).ToString();
        async Task<bool> Exists(string path) => (await system.Gateway.GetAsync(path)).StatusCode == HttpStatusCode.OK;

        var endpoints = new Dictionary<string, Endpoint>
        {
            ["POST /api/centers"] = new("POST", () => "api/centers", () => Node(Api.Center("Bad input centre " + Guid.NewGuid().ToString("N")[..6]))),
            ["PATCH /api/centers/{id}"] = new("PATCH", () => $"api/centers/{centre}", () => new JsonObject { ["heated"] = true, ["nightCapacity"] = 120, ["name"] = "Bad input school" }),
            ["PUT /api/households/{id}"] = new("PUT", () => $"api/households/{Fresh()}", () => Household(centre),
                stored => Exists($"api/households/{stored}")),
            ["POST /api/households/{id}/movements"] = new("POST", () => $"api/households/{household}/movements", () => new JsonObject
            {
                ["id"] = Fresh(), ["kind"] = "followUp", ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("o"),
            }, async stored => (await system.Gateway.GetStringAsync($"api/households/{household}/movements")).Contains(stored.ToString())),
            ["POST /api/sync"] = new("POST", () => "api/sync", () => new JsonObject
            {
                ["deviceId"] = "bad-input-phone",
                ["operations"] = new JsonArray(new JsonObject { ["kind"] = "household", ["id"] = Fresh(), ["household"] = Household(centre) }),
            }),
            ["POST /api/needs/distributions"] = new("POST", () => "api/needs/distributions", () => new JsonObject
            {
                ["id"] = Fresh(), ["item"] = "blanket", ["quantity"] = 2, ["householdId"] = household.ToString(),
                ["deliveredOn"] = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"),
            }, async stored => (await system.Gateway.GetStringAsync($"api/needs/distributions?householdId={household}")).Contains(stored.ToString())),
            ["POST /api/needs/alerts"] = new("POST", () => "api/needs/alerts", () => new JsonObject
            {
                ["area"] = "SY0899", ["minimumTemperatureC"] = -3, ["endsAt"] = DateTimeOffset.UtcNow.AddHours(2).ToString("o"),
            }),
            ["POST /api/reports/subscriptions"] = new("POST", () => "api/reports/subscriptions", () => Node(Subscription())),
            ["PATCH /api/reports/subscriptions/{id}"] = new("PATCH", () => $"api/reports/subscriptions/{subscription}", () => new JsonObject
            {
                ["emails"] = new JsonArray("bad-input@fund.example"), ["cron"] = "0 3 1 1 *", ["language"] = "en",
            }),
            ["POST /api/admin/users"] = new("POST", () => "api/admin/users", () => new JsonObject
            {
                ["userName"] = $"bad-{Guid.NewGuid():N}@e2e.test", ["password"] = Accounts.Password, ["roles"] = new JsonArray("coordinator"),
                ["areas"] = new JsonArray("SY08"),
            }),
            ["PATCH /api/admin/users/{id}"] = new("PATCH", () => $"api/admin/users/{user}", () => new JsonObject
            {
                ["roles"] = new JsonArray("coordinator"), ["areas"] = new JsonArray("SY08"),
            }),
            // The first valid variant resolves the conflict or the pair; every later one finds it resolved (409), never a 5xx.
            ["POST /api/households/conflicts/{id}/resolve"] = new("POST", () => $"api/households/conflicts/{conflict}/resolve",
                () => new JsonObject { ["resolution"] = "keepServer" }),
            ["POST /api/duplicates/{id}/merge"] = new("POST", () => $"api/duplicates/{pair}/merge",
                () => new JsonObject { ["keepHouseholdId"] = original.ToString(), ["reason"] = "Same family" }),
        };

        var cases = new List<Case>();
        foreach (var (name, endpoint) in endpoints)
        {
            foreach (var path in Paths(endpoint.Body()))
            {
                foreach (var (mutation, value) in Values())
                {
                    var body = endpoint.Body();
                    var requestPath = endpoint.Path();
                    var stored = endpoint.Stored;
                    var capturedId = id;
                    Set(body, path, value?.DeepClone());
                    cases.Add(new Case(name, mutation, Display(path), Json(endpoint.Method, requestPath, body.ToJsonString()),
                        stored is null ? null : () => stored(capturedId)));
                }
            }
            foreach (var (mutation, bytes, contentType) in BrokenBodies(endpoint.Body().ToJsonString()))
            {
                var requestPath = endpoint.Path();
                var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), requestPath) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                cases.Add(new Case(name, mutation, null, request, null));
            }
        }
        cases.AddRange(BrokenImports(centre));
        cases.AddRange(BadQueries(centre));
        return cases;
    }

    /// <summary>Replacements for one field: what phones, spreadsheets and attackers send.</summary>
    private static IEnumerable<(string Mutation, JsonNode? Value)> Values()
    {
        yield return ("null", null);
        yield return ("a number", 7);
        yield return ("a negative number", -1);
        yield return ("an integer overflow", JsonNode.Parse("2147483648"));
        yield return ("a huge number", JsonNode.Parse("1e308"));
        yield return ("a boolean", true);
        yield return ("an empty string", "");
        yield return ("white space", "   ");
        yield return ("an object", new JsonObject { ["x"] = 1 });
        yield return ("an array", new JsonArray(1, "two", null));
        yield return ("a 100,000-character string", new string('x', 100_000));
        yield return ("a NUL character", "a\u0000b");
        yield return ("invisible characters only", "\u200F\u200B\uFEFF");
        yield return ("a right-to-left override", "\u202Eevil");
        yield return ("a formula", "=HYPERLINK(\"http://evil.example\")");
        yield return ("an emoji", "🙂🙂");
        yield return ("an invalid UUID", "not-a-uuid");
        yield return ("the empty UUID", Guid.Empty.ToString());
        yield return ("an unknown UUID", Guid.NewGuid().ToString());
        yield return ("year 1", "0001-01-01");
        yield return ("year 9999", "9999-12-31T23:59:59Z");
        yield return ("an impossible date", "2026-13-45");
        yield return ("a local time", "2026-11-20T10:00:00+03:00");
        yield return ("SQL", "'; DROP TABLE households; --");
    }

    private static IEnumerable<(string Mutation, byte[] Bytes, string? ContentType)> BrokenBodies(string valid) =>
        BrokenTexts(valid).Select(b => (b.Mutation, Encoding.UTF8.GetBytes(b.Text), b.ContentType))
            .Append(("invalid UTF-8", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], "application/json"))
            .Append(("a byte-order mark", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)], "application/json"));

    private static IEnumerable<(string Mutation, string Text, string? ContentType)> BrokenTexts(string valid)
    {
        yield return ("malformed JSON", valid[..(valid.Length / 2)], "application/json");
        yield return ("an empty body", "", "application/json");
        yield return ("JSON null", "null", "application/json");
        yield return ("an array body", "[" + valid + "]", "application/json");
        yield return ("a string body", "\"text\"", "application/json");
        yield return ("a deeply nested body", new string('[', 5000) + new string(']', 5000), "application/json");
        yield return ("duplicate keys", "{\"a\":1,\"a\":2," + valid[1..], "application/json");
        yield return ("an extra field", "{\"isAdmin\":true,\"__proto__\":{\"x\":1}," + valid[1..], "application/json");
        yield return ("a comment", "/* hi */" + valid, "application/json");
        yield return ("a trailing comma", valid[..^1] + ",}", "application/json");
        yield return ("a form body", "a=1&b=2", "application/x-www-form-urlencoded");
        yield return ("XML", "<household/>", "application/xml");
        yield return ("text", valid, "text/plain");
        yield return ("no content type", valid, null);
    }

    private IEnumerable<Case> BrokenImports(Guid centre)
    {
        var header = "submission_id,center_id,arrived_at,relationship,sex,date_of_birth,name_latin\n";
        string[] csvs =
        [
            "", header, "\"unterminated,quote\n", header + "s1," + centre + ",2026-11-20T10:00:00+03:00,head,female,1990-01-01,A\u0000B\n",
            header + "s2,not-a-uuid,,head,female,1990-01-01,A\n", header + "s3," + centre + ",yesterday,boss,x,31/02/1990,=cmd\n",
            header + string.Concat(Enumerable.Repeat("s4," + centre + ",,head,female,1990-01-01," + new string('x', 5000) + "\n", 3)),
            "a;b;c\n1;2;3\n", "\u00ef\u00bb\u00bf" + header, header + "s5," + centre + ",,head,female,0001-01-01,A\n",
        ];
        string[] kobo =
        [
            "", "[", "{}", "[1,2,3]", "[null]", "{\"results\":{}}", "{\"results\":[{}]}", "[{\"_uuid\":5}]", "[{\"_uuid\":\"x\",\"members\":7}]",
            "[{\"_uuid\":\"y\",\"center_id\":\"" + centre + "\",\"members\":[{\"sex\":[1],\"dob\":{}}]}]", new string('[', 3000),
        ];
        foreach (var (csv, i) in csvs.Select((c, i) => (c, i)))
        {
            yield return new Case("POST /api/imports (CSV)", $"broken file {i}", null, Content("api/imports?dryRun=true", csv, "text/csv"), null);
        }
        foreach (var (json, i) in kobo.Select((k, i) => (k, i)))
        {
            yield return new Case("POST /api/imports (Kobo)", $"broken file {i}", null, Content("api/imports?format=kobo&dryRun=true", json, "application/json"), null);
        }
    }

    private IEnumerable<Case> BadQueries(Guid centre)
    {
        string[] paths =
        [
            "api/households?page=2147483647", "api/households?page=-1", "api/households?pageSize=100000", "api/households?q=%00",
            "api/households?q=" + new string('a', 5000), "api/households?centerId=not-a-uuid", "api/households?status=nowhere",
            "api/audit?from=2026-11-20T10:00:00%2B03:00", "api/audit?from=yesterday", "api/audit?page=2147483647",
            "api/needs/households?page=2147483647", "api/needs/households?item=%00", "api/needs/households?specificNeed=%27%3Bdrop", "api/needs/gaps?area=%00",
            "api/households?id=not-a-uuid", "api/duplicates?status=nowhere", "api/reports/figures?area=%00",
            "api/needs/distributions?householdId=x", "api/reports?subscriptionId=x", "api/notifications/deliveries?status=lost",
            "api/households/export?reason=" + new string('r', 5000), $"api/centers/{centre}/occupancy?at=9999-99-99",
        ];
        return paths.Select(p => new Case("GET " + p.Split('?')[0], "query " + p.Split('?').ElementAtOrDefault(1)?[..Math.Min(40, p.Split('?')[1].Length)], null,
            new HttpRequestMessage(HttpMethod.Get, p), null));
    }

    private static StringContent Content(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static HttpRequestMessage Content(string path, string text, string contentType) =>
        new(HttpMethod.Post, path) { Content = new StringContent(text, Encoding.UTF8, contentType) };

    private static HttpRequestMessage Json(string method, string path, string json) =>
        new(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static object Subscription() => new
    {
        organisation = "Bad input fund", emails = new[] { "bad-input@fund.example" }, cron = "0 3 1 1 *", timeZone = "Asia/Damascus",
        areas = new[] { "SY08" }, language = "en", formats = new[] { "html" },
    };

    /// <summary>
    /// A family of its own each time: names nobody else has, so the households the corpus stores (the valid variants)
    /// are not proposed as duplicates of each other and of other tests' families.
    /// </summary>
    private static JsonObject Household(Guid centre)
    {
        var latin = new string(Enumerable.Range(0, 9).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var arabic = new string(Enumerable.Range(0, 7).Select(_ => (char)('\u0628' + Random.Shared.Next(20))).ToArray());
        return Household(centre, "Huda " + char.ToUpperInvariant(latin[0]) + latin[1..], "هدى " + arabic);
    }

    private static JsonObject Household(Guid centre, string nameLatin, string nameArabic) => new()
    {
        ["centerId"] = centre.ToString(),
        ["arrivedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("o"),
        ["phone"] = $"+963 9{Random.Shared.Next(10_000_000, 99_999_999)}",
        ["displacedOn"] = "2026-11-20",
        ["origin"] = new JsonObject { ["adm1Code"] = "SY08", ["adm2Code"] = "SY0800", ["neighbourhood"] = "Ghuwayran" },
        ["members"] = new JsonArray(
            new JsonObject
            {
                ["sex"] = "female", ["dateOfBirth"] = "1990-04-02", ["relationship"] = "head", ["nameLatin"] = nameLatin,
                ["nameArabic"] = nameArabic, ["specificNeeds"] = new JsonArray("FHH"),
            },
            new JsonObject { ["sex"] = "male", ["ageYears"] = 4, ["relationship"] = "child", ["nameLatin"] = "Yusuf " + nameLatin.Split(' ')[1] }),
    };

    private static JsonObject Node(object value) => JsonSerializer.SerializeToNode(value, Api.Json)!.AsObject();

    /// <summary>Every field of a body, nested objects and array items included, as paths of property names and indexes.</summary>
    private static IEnumerable<object[]> Paths(JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    object[] path = [.. prefix, key];
                    yield return path;
                    if (child is JsonObject or JsonArray) foreach (var inner in Paths(child, path)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    if (a[i] is JsonObject or JsonArray) foreach (var inner in Paths(a[i]!, path)) yield return inner;
                }
                break;
        }
    }

    private static void Set(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = path[..^1].Aggregate(root, (node, step) => step is int i ? node[i]! : node[(string)step]!);
        if (path[^1] is int index) parent.AsArray()[index] = value;
        else parent.AsObject()[(string)path[^1]] = value;
    }

    /// <summary>A path as problem details name it: members[0].sex.</summary>
    private static string Display(object[] path) =>
        string.Concat(path.Select((step, i) => step is int n ? $"[{n}]" : (i == 0 ? "" : ".") + step)).TrimStart('.');

    /// <summary>
    /// The error names the field, something inside it, the object or list that holds it, or a field beside it that the
    /// rule is about (an age missing is reported where the date of birth goes: "give one or the other").
    /// </summary>
    private static bool Related(string error, string field)
    {
        string Normal(string s) => s.Replace("$.", "").TrimStart('$', '.').ToLowerInvariant();
        string Parent(string s) => s.LastIndexOf('.') is > 0 and var dot ? s[..dot] : "";
        var (e, f) = (Normal(error), Normal(field));
        if (Parent(f).Length > 0 && Parent(e) == Parent(f)) return true;
        // A sync operation's errors are named from the batch: operations[0].household.members[0].sex.
        return e == f || e.StartsWith(f + ".", StringComparison.Ordinal) || e.StartsWith(f + "[", StringComparison.Ordinal)
               || f.StartsWith(e + ".", StringComparison.Ordinal) || f.StartsWith(e + "[", StringComparison.Ordinal) || e.EndsWith("." + f, StringComparison.Ordinal);
    }

    private static List<string>? ProblemFields(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["errors"]?.AsObject().Select(e => e.Key).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string body) => body.Length > 300 ? body[..300] + "..." : body;
}
