using System.Diagnostics;
using IdpTracker.Testing;

namespace IdpTracker.Faults.Tests;

/// <summary>deploy/local/servers.sh, as an operator would run it: start, crash, the cluster's commands.</summary>
public static class Servers
{
    /// <returns>What it printed.</returns>
    public static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(TestServers.RepoRoot, "deploy", "local", "servers.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"servers.sh {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }
}
