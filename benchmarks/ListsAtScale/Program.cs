// Fills a running IdpTracker (./idp run) with households through the gateway's real write path (POST /api/sync, in
// batches of 50 from several clients, as phones send them), waits until Needs and Reporting have them all, then times
// the reads behind the coordinator's screens and writes a markdown table.
//
//   dotnet run -c Release --project benchmarks/ListsAtScale -- [--households 50000] [--clients 8] [--out docs/benchmarks/web-lists.md]
//
// The households are in the demo coordinator's governorate (SY08), spread over its centres (Households.New).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

var options = Options.Parse(args);
var root = RunningSystem.RepositoryRoot();
var password = RunningSystem.Setting(root, "demo-accounts.env", "DEMO_PASSWORD_COORDINATOR");
var gateway = new Uri(options.Gateway);
var tokens = new Tokens(gateway, "coordinator@demo.idp", password);
using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(5) };

async Task<T> GetAsync<T>(string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.CurrentAsync());
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<T>())!;
}

var centres = (await GetAsync<JsonArray>("api/centers")).Select(c => c!["id"]!.GetValue<Guid>()).ToArray();
var before = await PresentInNeedsAsync();
Console.WriteLine($"{centres.Length} centres; {before} households present before loading");

var toLoad = Math.Max(0, options.Households - before);
var started = Stopwatch.GetTimestamp();
var loaded = 0;
var random = new Random(20220120);
var batches = Enumerable.Range(0, (toLoad + 49) / 50).Select(b => Enumerable.Range(0, Math.Min(50, toLoad - b * 50)).Select(_ => Households.New(random, centres)).ToList()).ToList();
await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Clients }, async (batch, cancellation) =>
{
    var body = new JsonObject
    {
        ["deviceId"] = "lists-at-scale",
        ["operations"] = new JsonArray(batch.Select(h => (JsonNode)new JsonObject { ["kind"] = "household", ["id"] = Guid.NewGuid(), ["household"] = h }).ToArray()),
    };
    for (var attempt = 1; ; attempt++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sync") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.CurrentAsync());
        try
        {
            using var response = await http.SendAsync(request, cancellation);
            if (response.IsSuccessStatusCode) break;
            if (attempt == 5) throw new InvalidOperationException($"sync answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
        }
        catch (HttpRequestException) when (attempt < 5) { }
        await Task.Delay(TimeSpan.FromSeconds(attempt * 2), cancellation);
    }
    var done = Interlocked.Add(ref loaded, batch.Count);
    if (done % 2000 < 50) Console.WriteLine($"{done} of {toLoad} sent ({done / Stopwatch.GetElapsedTime(started).TotalSeconds:0} households/s)");
});
var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
Console.WriteLine($"{toLoad} households sent in {sendSeconds:0} s; waiting for Needs and Reporting");

// Needs and Reporting take the events in their own time: measure once they hold everything.
while (await PresentInNeedsAsync() < options.Households || await InReportingAsync() < options.Households)
{
    await Task.Delay(TimeSpan.FromSeconds(10));
}
var settledSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
Console.WriteLine($"settled after {settledSeconds:0} s");

var firstPage = await GetAsync<JsonObject>("api/needs/households?area=SY08&pageSize=50");
var ids = string.Join('&', firstPage["items"]!.AsArray().Select(h => $"id={h!["householdId"]}"));
var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.Date.ToString("O"));
var reads = new (string Screen, string Path)[]
{
    ("Priorities: first page (Needs orders 50 of the area)", "api/needs/households?area=SY08&pageSize=50"),
    ("Priorities: their names (Registration, 50 ids)", $"api/households?{ids}&pageSize=200"),
    ("Priorities: filtered by item still owed", "api/needs/households?area=SY08&item=heater&pageSize=50"),
    ("Priorities: filtered by specific need", "api/needs/households?area=SY08&specificNeed=ELD&pageSize=50"),
    ("Households: first page", "api/households?pageSize=50"),
    ("Households: a name search", "api/households?q=Mohammed&pageSize=50"),
    ("Distribution list: a centre's households owed blankets", $"api/needs/households?centerId={centres[0]}&item=blanket&pageSize=200"),
    ("Possible duplicates", "api/duplicates"),
    ("Overview: figures (Reporting)", $"api/reports/figures?area=SY08&since={since}"),
    ("Overview: sector gaps (Needs summary)", "api/needs/summary?area=SY08"),
    ("Overview: items owed (Needs gaps)", "api/needs/gaps?area=SY08"),
    ("Overview: centres (Needs)", "api/needs/centers"),
    ("Overview: overdue follow-ups", "api/households/overdue"),
};
var rows = new List<string>();
foreach (var (screen, path) in reads)
{
    var times = new List<double>();
    var spent = Stopwatch.StartNew();
    // A read that takes seconds is measured fewer times (at least 5): the point is how slow it is, not its tail.
    for (var i = 0; i < options.Warmups + options.Repetitions && (i < options.Warmups + 5 || spent.Elapsed < TimeSpan.FromMinutes(1)); i++)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.CurrentAsync());
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        if (i >= options.Warmups) times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    double At(double q) => times[(int)Math.Min(times.Count - 1, Math.Floor(q * times.Count))];
    rows.Add($"| {screen} | `GET /{path.Split('?')[0]}` | {times.Count} | {At(0.5):0} | {At(0.95):0} | {times[^1]:0} |");
    Console.WriteLine(rows[^1]);
}

var report = new StringBuilder()
    .AppendLine($"# Lists and figures at {options.Households:N0} households")
    .AppendLine()
    .AppendLine($"Written by `dotnet run -c Release --project benchmarks/ListsAtScale -- --households {options.Households}` against `./idp run`")
    .AppendLine($"on {DateTimeOffset.UtcNow:d MMMM yyyy}: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, every service, PostgreSQL and RabbitMQ on this machine.")
    .AppendLine(toLoad > 0
        ? $"{toLoad:N0} households were registered through `POST /api/sync` (batches of 50, {options.Clients} clients) in {sendSeconds:0} s; " +
          $"Needs and Reporting held them all {settledSeconds:0} s after the first was sent."
        : $"The register already held {before:N0} households, registered through `POST /api/sync` by an earlier run of this tool.")
    .AppendLine($"Then each read ran {options.Warmups} times to warm up and")
    .AppendLine($"up to {options.Repetitions} times measured (fewer for a read that takes seconds), one at a time, as the demo coordinator (governorate SY08, {centres.Length} centres). Milliseconds, through the gateway with authentication.")
    .AppendLine()
    .AppendLine("| Screen | Request | runs | p50 | p95 | max |")
    .AppendLine("|---|---|---|---|---|---|");
rows.ForEach(r => report.AppendLine(r));
var output = Path.Combine(root, options.Output);
File.WriteAllText(output, report.ToString());
Console.WriteLine($"written to {output}");

async Task<int> PresentInNeedsAsync() => (await GetAsync<JsonArray>("api/needs/centers")).Sum(c => c!["households"]!.GetValue<int>());
async Task<int> InReportingAsync() => (await GetAsync<JsonObject>("api/reports/figures?area=SY08"))["households"]!.GetValue<int>();

sealed record Options(string Gateway, int Households, int Clients, int Warmups, int Repetitions, string Output)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Options(Value("--gateway", "http://127.0.0.1:5080"), int.Parse(Value("--households", "50000")), int.Parse(Value("--clients", "8")),
            int.Parse(Value("--warmups", "3")), int.Parse(Value("--repetitions", "20")), Value("--out", "docs/benchmarks/web-lists.md"));
    }
}
