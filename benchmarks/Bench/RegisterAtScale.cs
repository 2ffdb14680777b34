using System.Diagnostics;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Needs.Consumers;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Data;
using IdpTracker.Reporting.Consumers;
using IdpTracker.Reporting.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// Brings the register to a size for the reads at scale (--reads-at) without registering every household through the
/// API, which at this machine's rates would take hours: households are written into Registration's tables by
/// <see cref="BulkRegister"/>, then assessed by Needs' and projected by Reporting's own consumers' code, as the
/// HouseholdArrived event Registration would have published for each (<see cref="HouseholdRegistration.Arrived"/>)
/// would have them: the same rows, tallies and counts, written a thousand households to a transaction in each.
/// </summary>
static class RegisterAtScale
{
    private const string How = "written straight into Registration's tables, then assessed by Needs' and projected by Reporting's consumers' own code as the events would have been, then vacuumed and analysed as autovacuum does over the days such a register takes to arrive";

    public static async Task<string> FillToAsync(BenchSystem system, int households)
    {
        var present = await system.ScalarAsync<long>("idp_registration", "SELECT count(*) FROM households WHERE merged_into_id IS NULL");
        var missing = (int)Math.Max(0, households - present);
        if (missing == 0) return $"the register already held {present:N0} households";
        var watch = Stopwatch.StartNew();
        var written = 0;
        // Needs and Reporting take a thousand while Registration writes the next.
        var told = Task.CompletedTask;
        await BulkRegister.FillAsync(() => new RegistrationDbContext(Options<RegistrationDbContext>(system, "idp_registration")),
            system.Root, system.Centres, missing, seed: 1_500_000 + (int)present, async saved =>
            {
                await told;
                var facts = saved.Select(h => HouseholdFacts.From(HouseholdRegistration.Arrived(h))).ToList();
                told = Task.WhenAll(AssessAsync(system, facts), ProjectAsync(system, facts));
                written += saved.Count;
                if (written % 50_000 < saved.Count) Console.WriteLine($"register: {present + written:N0} households ({written / watch.Elapsed.TotalSeconds:N0}/s)");
            });
        await told;
        foreach (var database in new[] { "idp_registration", "idp_needs", "idp_reporting" }) await system.ExecuteAsync(database, "VACUUM (ANALYZE)");
        return $"{missing:N0} households written in {watch.Elapsed.TotalMinutes:N0} min ({missing / watch.Elapsed.TotalSeconds:N0}/s) to {present + missing:N0}: {How}";
    }

    private static async Task AssessAsync(BenchSystem system, IReadOnlyList<HouseholdFacts> facts)
    {
        await using var db = new NeedsDbContext(Options<NeedsDbContext>(system, "idp_needs"), TimeProvider.System);
        await new AssessHouseholdNeedsConsumer(db, RuleSet.Default, TimeProvider.System, NullLogger<AssessHouseholdNeedsConsumer>.Instance)
            .AssessAsync(facts, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static async Task ProjectAsync(BenchSystem system, IReadOnlyList<HouseholdFacts> facts)
    {
        await using var db = new ReportingDbContext(Options<ReportingDbContext>(system, "idp_reporting"), TimeProvider.System);
        await new ProjectArrivalConsumer(db).ProjectAsync(facts, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private static DbContextOptions<T> Options<T>(BenchSystem system, string database) where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql(system.ConnectionString(database)).UseSnakeCaseNamingConvention()
            .AddInterceptors(UtcTimestampInterceptor.Instance).Options;
}
