sealed record BenchOptions(string Gateway, int Seconds, bool Quick, string Output, int PostgresPort, int BrokerPort, string Profile,
    IReadOnlyList<int> ReadsAt, bool ReadsOnly, bool PipelineOnly, double Rate, bool IngestOnly, bool ImportOnly)
{
    public const string Usage = """
        ./idp bench [--quick] [--seconds 30] [--out docs/benchmarks/system-YYYY-MM-DD.md]
                    [--reads-at 100000,1500000] [--reads-only] [--pipeline-only [--rate 120]] [--ingest-only] [--import-only]
                    [--gateway URL] [--postgres-port 25432] [--broker-port 25672] [--profile run]

          (nothing)        the machine's ceilings, then ingest, the event pipeline, an import, the reads and memory (about 25 minutes)
          --quick          the same with 10 s rows (about 12 minutes)
          --pipeline-only  the broker's ceiling and the event pipeline alone, its lag at --rate households/s (about 5 minutes)
          --ingest-only    PostgreSQL's ceiling and the ingest rows alone (about 5 minutes with --quick)
          --import-only    a 100,000-row file imported, with Registration's memory, alone (about 3 minutes)
          --reads-at N,M   fills the register to each size and measures the reads there (about an hour for 1,500,000)
          --reads-only     with --reads-at, only that; alone, the reads at the register's size as it is
          --out FILE       where the report is written, from the repository's root
          --check-options  only checks the options given (./idp bench does, before it starts the system)
        """;

    private static readonly string[] Flags = ["--quick", "--reads-only", "--pipeline-only", "--ingest-only", "--import-only", "--check-options"];
    private static readonly string[] Valued = ["--gateway", "--seconds", "--out", "--postgres-port", "--broker-port", "--profile", "--reads-at", "--rate"];

    /// <summary>
    /// The options given, or why they are refused: a misspelt option would otherwise start a half-hour run that adds
    /// households to the register and writes over the day's report.
    /// </summary>
    public static string? Refused(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (Flags.Contains(args[i])) continue;
            if (!Valued.Contains(args[i])) return $"Unknown option: {args[i]}";
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--")) return $"{args[i]} needs a value";
            i++;
        }
        return null;
    }

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
            args.Contains("--ingest-only"),
            args.Contains("--import-only"));
    }

    /// <summary>The options that change what is measured, as given on the command line.</summary>
    public string Arguments =>
        (Quick ? " --quick" : "") + (ReadsAt.Count > 0 ? $" --reads-at {string.Join(',', ReadsAt)}" : "") + (ReadsOnly ? " --reads-only" : "") +
        (PipelineOnly ? $" --pipeline-only --rate {Rate}" : "") + (IngestOnly ? " --ingest-only" : "") + (ImportOnly ? " --import-only" : "");
}
