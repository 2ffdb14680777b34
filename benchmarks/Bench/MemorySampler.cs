/// <summary>Each service's resident memory, read from /proc every second while the bench runs.</summary>
sealed class MemorySampler
{
    public sealed record ServiceMemory(string Name, double IdleMiB, double PeakMiB, double IdlePssMiB, double PeakPssMiB);

    private readonly Dictionary<string, int> _pids;
    private readonly Dictionary<string, double> _idle = [];
    private readonly Dictionary<string, double> _peak = [];
    private readonly Dictionary<string, double> _idlePss = [];
    private readonly Dictionary<string, double> _peakPss = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _sampling = Task.CompletedTask;
    private bool _loaded;

    private MemorySampler(Dictionary<string, int> pids) => _pids = pids;

    public static MemorySampler Start(BenchSystem system)
    {
        var sampler = new MemorySampler(system.ServicePids());
        sampler._sampling = sampler.SampleAsync();
        return sampler;
    }

    /// <summary>From now on the load begins: what each service holds now is its idle memory.</summary>
    public void MarkIdle()
    {
        lock (_peak)
        {
            foreach (var (name, pid) in _pids)
            {
                (_idle[name], _idlePss[name]) = Now(pid);
            }
            _loaded = true;
        }
    }

    public async Task<IReadOnlyList<ServiceMemory>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        lock (_peak)
        {
            return _pids.Keys.Order().Select(n => new ServiceMemory(n, _idle.GetValueOrDefault(n, double.NaN), _peak.GetValueOrDefault(n, double.NaN),
                _idlePss.GetValueOrDefault(n, double.NaN), _peakPss.GetValueOrDefault(n, double.NaN))).ToList();
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                lock (_peak)
                {
                    if (!_loaded) continue;
                    foreach (var (name, pid) in _pids)
                    {
                        if (Read(pid, "status", "VmRSS:") is { } rss) _peak[name] = Math.Max(_peak.GetValueOrDefault(name), rss);
                        if (Read(pid, "smaps_rollup", "Pss:") is { } pss) _peakPss[name] = Math.Max(_peakPss.GetValueOrDefault(name), pss);
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>A process's resident memory now (MiB).</summary>
    public static (double Rss, double Pss) Now(int pid) =>
        (Read(pid, "status", "VmRSS:") ?? double.NaN, Read(pid, "smaps_rollup", "Pss:") ?? double.NaN);

    /// <summary>The highest resident memory of a process (MiB), read every half second until <paramref name="until"/> is cancelled.</summary>
    public static async Task<(double Rss, double Pss)> PeakAsync(int pid, CancellationToken until)
    {
        var peak = Now(pid);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(until))
            {
                var now = Now(pid);
                peak = (Math.Max(peak.Rss, now.Rss), Math.Max(peak.Pss, now.Pss));
            }
        }
        catch (OperationCanceledException) { }
        var last = Now(pid);
        return (Math.Max(peak.Rss, last.Rss), Math.Max(peak.Pss, last.Pss));
    }

    /// <summary>A figure in kB from /proc/PID/FILE, in MiB.</summary>
    private static double? Read(int pid, string file, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/{file}").FirstOrDefault(l => l.StartsWith(field));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
