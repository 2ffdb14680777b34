using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

/// <summary>The running system the bench measures: its gateway, the demo accounts, its servers and its processes.</summary>
sealed class BenchSystem
{
    public required BenchOptions Options { get; init; }
    public required string Root { get; init; }
    public required HttpClient Http { get; init; }
    public required Tokens FieldWorker { get; init; }
    public required Tokens Coordinator { get; init; }
    /// <summary>The field worker's centres: where the bench registers households.</summary>
    public required Guid[] Centres { get; init; }

    public static async Task<BenchSystem> ConnectAsync(BenchOptions options)
    {
        var root = RunningSystem.RepositoryRoot();
        var gateway = new Uri(options.Gateway);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(5),
        };
        var fieldWorker = new Tokens(gateway, "field-worker@demo.idp", RunningSystem.Setting(root, "demo-accounts.env", "DEMO_PASSWORD_FIELD_WORKER"));
        var coordinator = new Tokens(gateway, "coordinator@demo.idp", RunningSystem.Setting(root, "demo-accounts.env", "DEMO_PASSWORD_COORDINATOR"));
        var system = new BenchSystem
        {
            Options = options, Root = root, Http = http, FieldWorker = fieldWorker, Coordinator = coordinator, Centres = [],
        };
        var centres = (await system.GetAsync<JsonArray>("api/centers", fieldWorker)).Select(c => c!["id"]!.GetValue<Guid>()).ToArray();
        return new BenchSystem { Options = options, Root = root, Http = http, FieldWorker = fieldWorker, Coordinator = coordinator, Centres = centres };
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Tokens who, HttpContent? content = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await who.CurrentAsync());
        return await Http.SendAsync(request, cancellationToken);
    }

    public async Task<T> GetAsync<T>(string path, Tokens? who = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, who ?? Coordinator);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Households present in Needs' centre totals, and in Reporting's figures, for the demo governorate.</summary>
    public async Task<(int Needs, int Reporting)> CountsAsync()
    {
        var needs = GetAsync<JsonArray>("api/needs/centers");
        var reporting = GetAsync<JsonObject>("api/reports/figures?area=SY08");
        return ((await needs).Sum(c => c!["households"]!.GetValue<int>()), (await reporting)["households"]!.GetValue<int>());
    }

    /// <summary>
    /// Generated families seeded from the register's size: a run is reproducible on a given register, yet does not send
    /// again the families of the run before it (which would fill the duplicate finder with thousands of pairs that real
    /// arrivals do not make, and leave PostgreSQL rescoring them long after the run).
    /// </summary>
    public async Task<Random> NewFamiliesAsync(int stream) => new(unchecked(stream * 1_000_003 + (await CountsAsync()).Reporting));

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Options.PostgresPort};Database={database};Username=postgres;Timeout=30;Command Timeout=600";

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Messages waiting or being handled in every queue but the dead-letter ones, by queue.</summary>
    public async Task<Dictionary<string, long>> QueueDepthsAsync()
    {
        var output = await RunAsync(Path.Combine(Root, "deploy", "local", "servers.sh"),
            ["rabbitmqctl", Options.Profile, "list_queues", "name", "messages", "-q", "--no-table-headers"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length == 2 && !p[0].EndsWith("_dead") && !p[0].StartsWith("bench-") && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1]));
    }

    /// <summary>Waits until every queue, the duplicate finder's too, is empty (at most 20 minutes); says how long it took.</summary>
    public async Task<string> QuietAsync()
    {
        var watch = Stopwatch.StartNew();
        while ((await QueueDepthsAsync()).Values.Sum() > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(20)) return "still not empty after 20 minutes";
            await Task.Delay(1000);
        }
        return $"{watch.Elapsed.TotalSeconds:N0} s";
    }

    /// <summary>The pid of each service started by ./idp run.</summary>
    public Dictionary<string, int> ServicePids() =>
        Directory.GetFiles(Path.Combine(Root, ".idp", Options.Profile, "pids"), "*.pid")
            .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Pid: int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0))
            .Where(p => p.Pid > 0 && p.Name != "DevMailbox" && Directory.Exists($"/proc/{p.Pid}"))
            .ToDictionary(p => p.Name, p => p.Pid);

    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
