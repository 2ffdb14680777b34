sealed record BenchOptions(string Gateway, int Seconds, bool Quick, string Output, int PostgresPort, int BrokerPort, string Profile,
    IReadOnlyList<int> ReadsAt, bool ReadsOnly, bool PipelineOnly, double Rate, bool IngestOnly)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var quick = args.Contains("--quick");
        return new BenchOptions(
            Value("--gateway", "http://127.0.0.1:5080"),
            int.Parse(Value("--seconds", quick ? "10" : "30")),
            quick,
            Value("--out", $"docs/benchmarks/system-{DateTime.UtcNow:yyyy-MM-dd}.md"),
            int.Parse(Value("--postgres-port", "25432")),
            int.Parse(Value("--broker-port", "25672")),
            Value("--profile", "run"),
            Value("--reads-at", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order().ToList(),
            args.Contains("--reads-only"),
            args.Contains("--pipeline-only"),
            double.Parse(Value("--rate", "120"), System.Globalization.CultureInfo.InvariantCulture),
            args.Contains("--ingest-only"));
    }

    /// <summary>The options that change what is measured, as given on the command line.</summary>
    public string Arguments =>
        (Quick ? " --quick" : "") + (ReadsAt.Count > 0 ? $" --reads-at {string.Join(',', ReadsAt)}" : "") + (ReadsOnly ? " --reads-only" : "") +
        (PipelineOnly ? $" --pipeline-only --rate {Rate}" : "") + (IngestOnly ? " --ingest-only" : "");
}
