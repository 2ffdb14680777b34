// ./idp bench: in one run on one machine, the machine's ceilings first, then the running system (./idp run) against
// them, written as a markdown table to docs/benchmarks/ (docs/benchmarks/README.md explains each section). The options
// are listed in BenchOptions.Usage (./idp bench --help).
//
// Every section measures through the gateway with authentication, as the demo field worker and coordinator.
// --reads-at fills the register to each size in turn (RegisterAtScale: written straight into the services' tables).
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return;
}
if (BenchOptions.Refused(args) is { } refused)
{
    Console.Error.WriteLine(refused);
    Console.Error.WriteLine(BenchOptions.Usage);
    Environment.ExitCode = 2;
    return;
}
// ./idp bench asks this first: a misspelt option is refused before the system is started for it.
if (args.Contains("--check-options")) return;
var options = BenchOptions.Parse(args);
var system = await BenchSystem.ConnectAsync(options);
var report = new BenchReport(options, await Machine.DescribeAsync(system));
var memory = MemorySampler.Start(system);
Console.WriteLine($"waiting for a quiet system: {await system.QuietAsync()}");

if (options.PipelineOnly)
{
    await Ceilings.MeasureBrokerAsync(system, report);
    memory.MarkIdle();
    await Pipeline.MeasureAsync(system, report, 2 * options.Rate);
}
else if (options.IngestOnly)
{
    await Ceilings.MeasureDatabaseAsync(system, report);
    memory.MarkIdle();
    await Ingest.MeasureAsync(system, report);
}
else if (options.ImportOnly)
{
    memory.MarkIdle();
    await Import.MeasureAsync(system, report);
}
else if (!options.ReadsOnly)
{
    await Ceilings.MeasureDatabaseAsync(system, report);
    await Ceilings.MeasureBrokerAsync(system, report);
    memory.MarkIdle();
    var maxRate = await Ingest.MeasureAsync(system, report);
    await Pipeline.MeasureAsync(system, report, maxRate);
    await Import.MeasureAsync(system, report);
    await Reads.MeasureAsync(system, report, null);
}
else
{
    memory.MarkIdle();
    // --reads-only alone: the reads at the register's size as it is.
    if (options.ReadsAt.Count == 0) await Reads.MeasureAsync(system, report, null);
}
foreach (var size in options.ReadsAt)
{
    var filled = await RegisterAtScale.FillToAsync(system, size);
    Console.WriteLine($"register: {filled}");
    await Reads.MeasureAsync(system, report, filled);
}
report.Memory(await memory.StopAsync());

report.WriteTo(Path.Combine(system.Root, options.Output));
Console.WriteLine($"written to {options.Output}");
