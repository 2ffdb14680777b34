using System.Runtime.InteropServices;

/// <summary>What the figures were measured on: they only mean something beside it.</summary>
static class Machine
{
    public static async Task<string> DescribeAsync(BenchSystem system)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        var postgres = await system.ScalarAsync<string>("postgres", "SHOW server_version");
        var rabbit = (await BenchSystem.RunAsync(Path.Combine(system.Root, "deploy", "local", "servers.sh"), ["rabbitmqctl", system.Options.Profile, "version"])).Trim();
        var households = await system.ScalarAsync<long>("idp_registration", "SELECT count(*) FROM households WHERE merged_into_id IS NULL");
        return $"{Environment.ProcessorCount} cores ({cpu}), {memoryKb / 1024 / 1024.0:0.#} GiB, {RuntimeInformation.OSDescription}; " +
               $"PostgreSQL {postgres.Split(' ')[0]}, RabbitMQ {rabbit}, {RuntimeInformation.FrameworkDescription}; " +
               $"every service, PostgreSQL and RabbitMQ on this machine (`./idp run`). The register held {households:N0} households when the run began.";
    }
}
