using System.Text;

/// <summary>The markdown the bench writes: the machine, then one section per measurement, then the targets met or not.</summary>
sealed class BenchReport(BenchOptions options, string machine)
{
    private readonly StringBuilder _sections = new();
    private readonly List<(string Target, string Measured, bool Met)> _targets = [];

    public void Section(string title, string text)
    {
        _sections.AppendLine($"## {title}").AppendLine().AppendLine(text.TrimEnd()).AppendLine();
        Console.WriteLine($"## {title}\n{text}");
    }

    public void Target(string target, string measured, bool met) => _targets.Add((target, measured, met));

    public void Memory(IReadOnlyList<MemorySampler.ServiceMemory> services)
    {
        var text = new StringBuilder()
            .AppendLine("Memory of each service (MiB), read from /proc every second: idle (after the ceilings ran, before any load) and the highest seen during the run's load. RSS counts every resident page the process maps; the runtime maps its generated code twice (W^X: a writable and an executable view of the same pages), and RSS counts both. PSS counts each page once, sharing a page shared with other processes (the .NET runtime's files) among them: what the service costs the machine.")
            .AppendLine()
            .AppendLine("| Service | idle RSS | peak RSS | idle PSS | peak PSS |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var s in services) text.AppendLine($"| {s.Name} | {s.IdleMiB:N0} | {s.PeakMiB:N0} | {s.IdlePssMiB:N0} | {s.PeakPssMiB:N0} |");
        Section("Memory", text.ToString());
        var worst = services.MaxBy(s => s.PeakMiB);
        if (worst is not null) Target("Every service under 250 MB RSS, idle and at peak", $"highest: {worst.Name} {worst.PeakMiB:N0} MiB RSS ({worst.PeakPssMiB:N0} MiB PSS) at peak", services.All(s => s.PeakMiB * 1.048576 < 250));
    }

    public void WriteTo(string path)
    {
        var text = new StringBuilder()
            .AppendLine(options switch
            {
                { ReadsOnly: true } => $"# The coordinator's reads at scale, {DateTime.UtcNow:d MMMM yyyy}",
                { PipelineOnly: true } => $"# The event pipeline against the broker's ceiling, {DateTime.UtcNow:d MMMM yyyy}",
                { ImportOnly: true } => $"# A 100,000-row file imported, {DateTime.UtcNow:d MMMM yyyy}",
                _ => $"# The system against this machine's ceilings, {DateTime.UtcNow:d MMMM yyyy}",
            })
            .AppendLine()
            .AppendLine($"Written by `./idp bench{options.Arguments}` (benchmarks/Bench) at {DateTime.UtcNow:HH:mm} UTC on {machine}")
            .AppendLine("Figures from one run on a shared 2-core machine are noisy; the ratios to the ceilings measured in the same run are what to compare. What each section measures and how: [README.md](README.md).")
            .AppendLine()
            .AppendLine("## Targets")
            .AppendLine()
            .AppendLine("| Target | Measured | Met |")
            .AppendLine("|---|---|---|");
        foreach (var (target, measured, met) in _targets) text.AppendLine($"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
        text.AppendLine().Append(_sections);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}
