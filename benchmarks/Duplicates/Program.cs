// How well Registration proposes possible duplicates, and how fast: a labelled synthetic reception is registered
// through the gateway's real write path (POST /api/sync, as phones send it) into a running IdpTracker (./idp run);
// the service's duplicate finder proposes pairs as it does for any registration; then every candidate pair the blind
// index offers is scored again with the same code to draw the precision-recall curve, and a markdown report is written.
//
//   dotnet run -c Release --project benchmarks/Duplicates -- [--households 5000] [--reregistered 0.05] [--brothers 0.1]
//       [--clients 4] [--seed 2022] [--bulk 0] [--out docs/benchmarks/duplicates.md]
//
// Run it on a fresh demo (./idp stop; rm -rf .idp/run/postgres; ./idp run) for figures that count only this reception;
// run it again on the same system to measure at a larger register (a new reception with a new seed is added).
// --bulk N first writes N unlabelled families straight into Registration's tables (BulkRegister), for a large register
// without registering each through the API. --score-only registers nothing: it scores again a reception registered
// before with the same seed (to try a change to the scoring without registering everything again).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Registration.Application;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

var options = Options.Parse(args);
var root = RunningSystem.RepositoryRoot();
var gateway = new Uri(options.Gateway);
var tokens = new Tokens(gateway, "coordinator@demo.idp", RunningSystem.Setting(root, "demo-accounts.env", "DEMO_PASSWORD_COORDINATOR"));
using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(5) };

async Task<JsonNode> GetAsync(string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.CurrentAsync());
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
}

DbContextOptions<RegistrationDbContext> database = new DbContextOptionsBuilder<RegistrationDbContext>()
    .UseNpgsql(options.Database).UseSnakeCaseNamingConvention().Options;
RegistrationDbContext Db() => new(database);

var centres = (await GetAsync("api/centers")).AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToArray();
if (options.Bulk > 0 && !options.ScoreOnly)
{
    var loading = Stopwatch.GetTimestamp();
    var loaded = await BulkRegister.FillAsync(Db, root, centres, options.Bulk, options.Seed + 1000);
    Console.WriteLine($"{loaded} unlabelled households written straight into Registration's tables in {Stopwatch.GetElapsedTime(loading).TotalSeconds:0} s");
}
long registerBefore;
await using (var db = Db()) registerBefore = await db.Households.LongCountAsync(h => h.MergedIntoId == null);

var reception = new Reception(options.Seed);
var households = reception.Generate(options.Households, options.ReRegistered, options.Brothers);
var byId = households.ToDictionary(h => h.Id);
var centreOf = new Dictionary<Guid, Guid>();
var random = new Random(options.Seed);
foreach (var household in households)
{
    // A family registered twice was registered at two different centres.
    var centre = centres[random.Next(centres.Length)];
    if (household.TwinOf is { } original) while (centres.Length > 1 && centre == centreOf[original]) centre = centres[random.Next(centres.Length)];
    centreOf[household.Id] = centre;
}
Console.WriteLine($"register: {registerBefore} households; sending {households.Count} ({households.Count(h => h.TwinOf is not null)} registered twice, " +
                  $"{households.Count(h => h.BrotherOf is not null)} brothers' families)");

var (sentSeconds, drainedSeconds, depth) = options.ScoreOnly ? (double.NaN, double.NaN, []) : await RegisterAsync();

// What the service proposed, and every candidate pair scored again, with the time it takes.
var ids = households.Select(h => h.Id).ToHashSet();
List<DuplicatePair> proposed;
long registerAfter, people;
await using (var db = Db())
{
    proposed = (await db.Duplicates.AsNoTracking().Where(d => d.Status == DuplicateStatus.Open).ToListAsync())
        .Where(d => ids.Contains(d.FirstHouseholdId) || ids.Contains(d.SecondHouseholdId)).ToList();
    registerAfter = await db.Households.LongCountAsync(h => h.MergedIntoId == null);
    people = await db.Set<Member>().LongCountAsync();
}
var scores = new Dictionary<(Guid, Guid), DuplicateScore>();
var counter = new NameFrequencyCounter(TimeProvider.System, new ServiceCollection()
    .AddDbContext<RegistrationDbContext>(o => o.UseNpgsql(options.Database).UseSnakeCaseNamingConvention())
    .BuildServiceProvider().GetRequiredService<IServiceScopeFactory>());
var timings = new List<double>();
foreach (var household in households)
{
    await using var db = Db();
    var finder = new DuplicateFinder(db, counter, TimeProvider.System);
    var t = Stopwatch.GetTimestamp();
    var candidates = await finder.ScoreAsync(household.Id, CancellationToken.None);
    timings.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    foreach (var candidate in candidates)
    {
        var key = Pair(household.Id, candidate.HouseholdId);
        if (!scores.TryGetValue(key, out var known) || known.Weight < candidate.Score.Weight) scores[key] = candidate.Score;
    }
}

var truePairs = households.Where(h => h.TwinOf is not null).Select(h => Pair(h.Id, h.TwinOf!.Value)).ToHashSet();
bool IsTrue((Guid, Guid) pair) => truePairs.Contains(pair);
(int Tp, int Fp, int Fn) At(double threshold)
{
    var above = scores.Where(s => s.Value.Score >= threshold).Select(s => s.Key).ToList();
    var tp = above.Count(IsTrue);
    return (tp, above.Count - tp, truePairs.Count - tp);
}

var systemPairs = proposed.Select(d => Pair(d.FirstHouseholdId, d.SecondHouseholdId)).ToList();
var systemTp = systemPairs.Count(IsTrue);
var atDefault = At(DuplicateScoring.Threshold);
double Recall((int Tp, int Fp, int Fn) r) => r.Tp / (double)Math.Max(1, r.Tp + r.Fn);
double Precision((int Tp, int Fp, int Fn) r) => r.Tp + r.Fp == 0 ? 1 : r.Tp / (double)(r.Tp + r.Fp);

var report = new StringBuilder();
report.AppendLine("# Possible duplicates: precision, recall and speed");
report.AppendLine();
report.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; every service, PostgreSQL and RabbitMQ on the same machine (`./idp run`).");
report.AppendLine();
report.AppendLine("```");
report.AppendLine($"dotnet run -c Release --project benchmarks/Duplicates -- --households {options.Households} --reregistered {options.ReRegistered} " +
                  $"--brothers {options.Brothers} --clients {options.Clients} --seed {options.Seed}{(options.Bulk > 0 ? $" --bulk {options.Bulk}" : "")}" +
                  (options.ScoreOnly ? " --score-only" : ""));
report.AppendLine("```");
report.AppendLine();
report.AppendLine("## The reception");
report.AppendLine();
report.AppendLine($"- {households.Count(h => h.TwinOf is null)} families from six Al-Hasakah neighbourhoods (one in three from Ghuwayran), " +
                  $"{households.Sum(h => h.Members.Count)} people; {households.Count(h => h.BrotherOf is not null)} of the families are a brother's " +
                  "family of another (same father's and family name, heads a few years apart): alike, and not the same family.");
report.AppendLine($"- Names drawn with Syrian frequencies (Mohammed about 14 % of men, Fatima 8 % of women), the governorate's large families " +
                  "(Al-Ahmad, Al-Hassan, Al-Ali...) and a long tail of family names; written in Arabic only (35 %), Latin only (20 %) or both (45 %).");
var twins = households.Where(h => h.TwinOf is not null).ToList();
report.AppendLine($"- {twins.Count} families registered a second time at another centre by another field worker: each Latin name part in one of its " +
                  "spellings (Mohammed, Muhammad, Mohamad...), Arabic with the orthographic variants (أ/ا, ة/ه, ى/ي, عبد ال/عبدال, ال dropped); " +
                  $"{twins.Count(t => t.Script != byId[t.TwinOf!.Value].Script && t.Script != "both" && byId[t.TwinOf!.Value].Script != "both")} " +
                  "of them once only in Arabic and once only in Latin script; " +
                  $"{twins.Count(t => t.Members.Count < byId[t.TwinOf!.Value].Members.Count)} with a member missing, " +
                  $"{twins.Count(t => t.Members.Count > byId[t.TwinOf!.Value].Members.Count)} with a newborn added, " +
                  $"{twins.Count(t => t.Members.Any(m => m.Estimated && byId[t.TwinOf!.Value].Members.Any(o => o.Parts[0] == m.Parts[0] && !o.Estimated && o.Relationship == m.Relationship && m.Relationship != "child")))} " +
                  "with an adult's age estimated instead of the date of birth; the phone given again for half of them.");
report.AppendLine($"- Register: {registerBefore} households before, {registerAfter} after ({people} people)" +
                  (options.Bulk > 0 ? $"; {options.Bulk} of them unlabelled families written straight into Registration's tables before the reception (`--bulk`)." : "."));
report.AppendLine();
report.AppendLine("## At the default threshold");
report.AppendLine();
report.AppendLine("| | Pairs proposed | Right | Wrong | Missed | Recall | Precision |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
report.AppendLine($"| Registration's duplicate finder (pairs it stored while the reception was registered) | {systemPairs.Count} | {systemTp} | {systemPairs.Count - systemTp} | " +
                  $"{truePairs.Count - systemTp} | {systemTp / (double)truePairs.Count:P1} | {(systemPairs.Count == 0 ? 1 : systemTp / (double)systemPairs.Count):P1} |");
report.AppendLine($"| Every candidate scored again once all were registered (threshold {DuplicateScoring.Threshold}) | {atDefault.Tp + atDefault.Fp} | {atDefault.Tp} | " +
                  $"{atDefault.Fp} | {atDefault.Fn} | {Recall(atDefault):P1} | {Precision(atDefault):P1} |");
report.AppendLine();
report.AppendLine("The two rows differ where a household was matched before its twin or a brother arrived: the finder looks again when either " +
                  "of two households is registered or corrected, with the name frequencies of that moment.");
report.AppendLine();
report.AppendLine("## Precision and recall by threshold");
report.AppendLine();
double[] thresholds = [0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99];
report.AppendLine("| Threshold | Proposed | Right | Wrong | Missed | Recall | Precision |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var t in thresholds)
{
    var r = At(t);
    report.AppendLine($"| {t}{(t == DuplicateScoring.Threshold ? " (default)" : "")} | {r.Tp + r.Fp} | {r.Tp} | {r.Fp} | {r.Fn} | {Recall(r):P1} | {Precision(r):P1} |");
}
report.AppendLine();
report.AppendLine("```mermaid");
report.AppendLine("xychart-beta");
report.AppendLine("    title \"Precision (upper at high thresholds) and recall by threshold\"");
report.AppendLine($"    x-axis [{string.Join(", ", thresholds.Select(t => $"\"{t}\""))}]");
report.AppendLine("    y-axis \"%\" 0 --> 100");
report.AppendLine($"    line [{string.Join(", ", thresholds.Select(t => (100 * Precision(At(t))).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}]");
report.AppendLine($"    line [{string.Join(", ", thresholds.Select(t => (100 * Recall(At(t))).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}]");
report.AppendLine("```");
report.AppendLine();

var wrong = scores.Where(s => s.Value.IsPossibleDuplicate && !IsTrue(s.Key)).ToList();
var brothersWrong = wrong.Count(w => byId.TryGetValue(w.Key.Item1, out var a) && byId.TryGetValue(w.Key.Item2, out var b)
                                     && (a.BrotherOf == b.Id || b.BrotherOf == a.Id || a.BrotherOf is { } x && (x == b.TwinOf) || b.BrotherOf is { } y && y == a.TwinOf));
report.AppendLine("## What went wrong at the default threshold");
report.AppendLine();
report.AppendLine($"- Wrong pairs: {wrong.Count}, of which {brothersWrong} a brother's family against the other's (or its second registration).");
var missed = truePairs.Where(p => !scores.TryGetValue(p, out var s) || !s.IsPossibleDuplicate).ToList();
report.AppendLine($"- Missed pairs: {missed.Count}, of which {missed.Count(p => !scores.ContainsKey(p))} never a candidate (the blind index did not offer them).");
foreach (var pair in missed.Where(scores.ContainsKey).Take(8))
{
    var s = scores[pair];
    report.AppendLine($"  - score {s.Score} ({s.Weight} bits): {string.Join("; ", s.Reasons)}");
}
foreach (var pair in wrong.OrderByDescending(w => w.Value.Weight).Take(5))
{
    report.AppendLine($"  - wrong, score {pair.Value.Score} ({pair.Value.Weight} bits): {string.Join("; ", pair.Value.Reasons)}");
}
report.AppendLine();
report.AppendLine("## Speed");
report.AppendLine();
timings.Sort();
double Percentile(double p) => timings[(int)Math.Min(timings.Count - 1, Math.Round(p * (timings.Count - 1)))];
var peak = depth.Count == 0 ? 0 : depth.Max(d => d.Messages);
if (!options.ScoreOnly)
{
    report.AppendLine($"- Registering: {households.Count} households sent in {sentSeconds:0} s by {options.Clients} clients ({households.Count / sentSeconds:0} households/s).");
    report.AppendLine($"- The service's duplicate finder (find-duplicates queue, one household at a time) was done {drainedSeconds:0} s after the first batch, " +
                      $"{households.Count / drainedSeconds:0} households/s overall; its backlog peaked at {peak} messages.");
}
report.AppendLine($"- Scoring one household against the register of {registerAfter} households (one at a time, from this process): " +
                  $"p50 {Percentile(0.5):0.0} ms, p95 {Percentile(0.95):0.0} ms, p99 {Percentile(0.99):0.0} ms; {1000 * timings.Count / timings.Sum():0} households/s.");
report.AppendLine();
report.AppendLine("Backlog of the finder's queue while registering (seconds from the first batch: messages):");
report.AppendLine();
report.AppendLine(string.Join(", ", depth.Where((_, i) => i % Math.Max(1, depth.Count / 20) == 0).Select(d => $"{d.Seconds:0}: {d.Messages}")));
report.AppendLine();

var output = Path.Combine(root, options.Output);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"written to {output}");

// Registered as phones send them: the originals first, then the second registrations, in batches of 50; then waits until
// the service's duplicate finder has looked at every one.
async Task<(double Sent, double Drained, List<(double Seconds, int Messages)> Depth)> RegisterAsync()
{
        var started = Stopwatch.GetTimestamp();
    var depth = new List<(double Seconds, int Messages)>();
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            depth.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, FinderBacklog()));
            try { await Task.Delay(TimeSpan.FromSeconds(5), sampling.Token); } catch (OperationCanceledException) { }
        }
    });
    var batches = households.Chunk(50).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Clients }, async (batch, cancellation) =>
    {
        var body = new JsonObject
        {
            ["deviceId"] = "duplicates-benchmark",
            ["operations"] = new JsonArray(batch.Select(h => (JsonNode)new JsonObject
            {
                ["kind"] = "household", ["id"] = h.Id,
                ["household"] = reception.Payload(h, centreOf[h.Id], secondWriting: h.TwinOf is not null),
            }).ToArray()),
        };
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sync") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.CurrentAsync());
            using var response = await http.SendAsync(request, cancellation);
            var answer = await response.Content.ReadFromJsonAsync<JsonNode>(cancellation);
            var refused = answer?["results"]?.AsArray().Where(r => r!["status"]!.GetValue<int>() >= 400).ToList() ?? [];
            if (response.IsSuccessStatusCode && refused.Count == 0) break;
            if (attempt == 5) throw new InvalidOperationException($"sync answered {(int)response.StatusCode}: {refused.FirstOrDefault()?.ToJsonString() ?? answer?.ToJsonString()}");
            await Task.Delay(TimeSpan.FromSeconds(attempt * 2), cancellation);
        }
    });
    var sentSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    Console.WriteLine($"sent in {sentSeconds:0} s; waiting for the duplicate finder");
    var quiet = 0;
    while (quiet < 2)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        quiet = FinderBacklog() == 0 ? quiet + 1 : 0;
    }
    var drainedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds - 5;
    await sampling.CancelAsync();
    await sampler;
    Console.WriteLine($"finder done after {drainedSeconds:0} s");
    return (sentSeconds, drainedSeconds, depth);
}

static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);

int FinderBacklog()
{
    var info = new ProcessStartInfo(Path.Combine(root, "deploy", "local", "servers.sh"), "rabbitmqctl run list_queues -q name messages")
    {
        RedirectStandardOutput = true, RedirectStandardError = true,
    };
    using var process = Process.Start(info)!;
    var lines = process.StandardOutput.ReadToEnd().Split('\n');
    process.WaitForExit();
    return lines.Select(l => l.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(p => p.Length == 2 && p[0] == "find-duplicates").Select(p => int.Parse(p[1])).FirstOrDefault();
}

sealed record Options(string Gateway, string Database, int Households, double ReRegistered, double Brothers, int Clients, int Seed, string Output, int Bulk,
    bool ScoreOnly)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return new Options(Value("--gateway", "http://127.0.0.1:5080"),
            Value("--database", "Host=127.0.0.1;Port=25432;Database=idp_registration;Username=postgres"),
            int.Parse(Value("--households", "5000")), double.Parse(Value("--reregistered", "0.05"), invariant),
            double.Parse(Value("--brothers", "0.1"), invariant), int.Parse(Value("--clients", "4")), int.Parse(Value("--seed", "2022")),
            Value("--out", "docs/benchmarks/duplicates.md"), int.Parse(Value("--bulk", "0")), args.Contains("--score-only"));
    }
}
