using System.Collections.Concurrent;
using System.Diagnostics;

namespace IdpTracker.Testing;

/// <summary>
/// One IdpTracker service run as a real process from its build output, the way `./idp run`
/// runs it. Its console output is kept, so tests can read what it logged.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly StreamWriter _log;

    public string Name { get; }
    public Uri BaseAddress { get; }
    public IEnumerable<string> Output => _output;

    private ServiceProcess(string name, Uri baseAddress, Process process, StreamWriter log)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;
        _log = log;
    }

    public static string AssemblyPath(string service)
    {
        // Built with the same configuration as the tests themselves (Debug or Release).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var candidates = new[]
        {
            Path.Combine(TestServers.RepoRoot, "services", service, "bin", configuration, "net10.0", service + ".dll"),
            Path.Combine(TestServers.RepoRoot, "deploy", "local", service, "bin", configuration, "net10.0", service + ".dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{service} is not built; build the solution first (./idp test does).", candidates[0]);
    }

    /// <summary>Runs `dotnet Service.dll migrate` to completion.</summary>
    public static Task MigrateAsync(string service, IDictionary<string, string> environment) => RunCommandAsync(service, environment, "migrate");

    /// <summary>Runs one of the service's commands (`dotnet Service.dll errors`...) to completion.</summary>
    /// <returns>What it printed.</returns>
    public static async Task<string> RunCommandAsync(string service, IDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(service, environment);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{service} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return await stdout;
    }

    public static ServiceProcess Start(string service, int port, IDictionary<string, string> environment)
    {
        var env = new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{port}" };
        // A second copy ("Registration-2") runs the same build as the first.
        var process = new Process { StartInfo = StartInfo(service.Split('-')[0], env), EnableRaisingEvents = true };
        var logDir = Path.Combine(TestServers.RepoRoot, ".idp", "test", "logs");
        Directory.CreateDirectory(logDir);
        // Appended: a service killed and started again in a trial keeps what it logged before (./idp test empties the folder).
        var log = new StreamWriter(Path.Combine(logDir, $"{service}.log"), append: true) { AutoFlush = true };
        log.WriteLine($"==== {service} started at {DateTimeOffset.UtcNow:O} on port {port}");
        var sp = new ServiceProcess(service, new Uri($"http://127.0.0.1:{port}/"), process, log);
        process.OutputDataReceived += (_, e) => sp.Record(e.Data);
        process.ErrorDataReceived += (_, e) => sp.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sp;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        lock (_log) _log.WriteLine(line);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends the process a signal by name (STOP pauses it as a frozen machine would, CONT resumes it).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {Name} failed ({kill.ExitCode})");
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        await Eventually.True(async () =>
        {
            if (_process.HasExited) throw new GiveUpException($"{Name} exited with {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(40))}");
            using var response = await http.GetAsync("health/ready");
            return response.IsSuccessStatusCode;
        }, timeout, $"{Name} to be ready");
    }

    private static ProcessStartInfo StartInfo(string service, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath(service))!,
        };
        start.ArgumentList.Add(AssemblyPath(service));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // As the container image runs them (deploy/docker/Dockerfile).
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
