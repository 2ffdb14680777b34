using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Consumers;
using IdpTracker.Reporting.Data;
using IdpTracker.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.Reporting.Tests;

/// <summary>
/// Reporting's projections are written by several consumers that run at once (16 messages at a time per queue, two
/// queues for a household). Whatever order a household's events come in, and however they overlap, the projection ends
/// as Registration left the household: every person counted, at the centre it was moved to last.
/// </summary>
public sealed class ConcurrentProjectionTests : IAsyncLifetime
{
    private const string Database = "idp_reporting_concurrency_tests";
    private const string VirtualHost = "reporting-concurrency-tests";
    private static readonly DateTimeOffset Arrival = new(2027, 1, 20, 6, 0, 0, TimeSpan.Zero);
    private IHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await MessagingHost.StartAsync<ReportingDbContext>(Database, VirtualHost, bus =>
        {
            bus.AddConsumer<ProjectCenterConsumer>();
            bus.AddBatchConsumer<ProjectArrivalConsumer>();
            bus.AddConsumer<ProjectHouseholdPlaceConsumer>();
        }, db => db.Database.MigrateAsync());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task A_transferred_households_events_applied_at_once_in_every_order_count_every_person_at_the_last_centre()
    {
        const int roundsPerOrder = 8;
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var bus = _host.Services.GetRequiredService<IBus>();
        var expected = new Dictionary<Guid, int>();

        // Registration's history of a household: registered (v1), corrected with one more member (v2), an arrival
        // movement recorded at the first centre (place 2), then a transfer to the second centre (place 3).
        var orders = Permutations([0, 1, 2, 3]).ToList();
        var publishes = new List<Task>();
        for (var round = 0; round < roundsPerOrder; round++)
        {
            foreach (var order in orders)
            {
                var householdId = Guid.NewGuid();
                var size = 1 + (expected.Count % 6);
                expected[householdId] = size + 1;
                object[] history =
                [
                    new HouseholdArrived(householdId, first, Arrival, 1, Members(size)),
                    new HouseholdUpdated(householdId, first, Arrival, 2, Members(size + 1)),
                    new HouseholdMoved(householdId, Guid.NewGuid(), "arrival", Arrival, "present", first, null, 2) { LastCenterId = first },
                    new HouseholdMoved(householdId, Guid.NewGuid(), "transfer", Arrival.AddHours(5), "present", second, null, 3) { LastCenterId = second },
                ];
                publishes.AddRange(order.Select(i => bus.Publish(history[i], history[i].GetType(), context => context.MessageId = Guid.NewGuid())));
            }
        }
        // A centre renamed twice while its first registration is still on its way.
        publishes.Add(bus.Publish(new CenterOpened(second, "Ghuwayran", "SY08", "Al-Hasakah", "SY0800", "Al-Hasakah", 120, 40, Arrival)));
        publishes.Add(bus.Publish(Centre(second, 3, "Ghuwayran School (annex)")));
        publishes.Add(bus.Publish(Centre(second, 2, "Ghuwayran School")));
        await Task.WhenAll(publishes);

        // Each event is applied by exactly one consumer, which records it in its inbox in the same transaction.
        await Eventually.True(async () => await AppliedAsync() == publishes.Count, TimeSpan.FromMinutes(3),
            $"all {publishes.Count} events to be applied (one that keeps failing ends in an error queue and never counts)");

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        var households = await db.Households.AsNoTracking().ToListAsync();
        var wrong = households
            .Where(h => h.People.Count != expected[h.HouseholdId] || h.CenterId != second || !h.Present || h.SourceVersion != 2 || h.PlaceVersion != 3)
            .Select(h => $"{h.HouseholdId}: {h.People.Count}/{expected[h.HouseholdId]} people at {(h.CenterId == second ? "second" : "first")} centre, facts v{h.SourceVersion}, place v{h.PlaceVersion}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {households.Count} households projected wrong:\n" + string.Join('\n', wrong.Take(20)));
        Assert.Equal(expected.Values.Sum(), households.Sum(h => h.People.Count));
        // The counts the reports read, and the totals kept from them, moved with the households: nobody left at the
        // first centre, whatever order a transfer and a correction came in.
        var counted = await db.PeopleCounts.AsNoTracking().GroupBy(c => c.CenterId).Select(g => new { Centre = g.Key, People = g.Sum(c => c.People) })
            .ToDictionaryAsync(g => g.Centre, g => g.People);
        var totals = await db.PeopleCountTotals.AsNoTracking().GroupBy(t => t.CenterId).Select(g => new { Centre = g.Key, People = g.Sum(t => t.People) })
            .ToDictionaryAsync(g => g.Centre, g => g.People);
        Assert.Equal((expected.Values.Sum(), 0), (counted.GetValueOrDefault(second), counted.GetValueOrDefault(first)));
        Assert.Equal((expected.Values.Sum(), 0), (totals.GetValueOrDefault(second), totals.GetValueOrDefault(first)));
        Assert.Equal("Ghuwayran School (annex)", (await db.Centers.SingleAsync(c => c.Id == second)).Name);
    }

    private async Task<int> AppliedAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().Set<InboxState>().CountAsync();
    }

    private static IReadOnlyList<ArrivedMember> Members(int count) => Enumerable.Range(0, count)
        .Select(i => new ArrivedMember(Guid.NewGuid(), i % 2 == 0 ? "female" : "male", new DateOnly(1990 + i * 5, 3, 1), false, i == 0))
        .ToList();

    private static CenterUpdated Centre(Guid id, int version, string name) =>
        new(id, version, name, null, "school", "SY08", "Al-Hasakah", "SY0800", "Al-Hasakah", null, null, 120, 40, 60, false, true, Arrival);

    private static IEnumerable<int[]> Permutations(int[] items) => items.Length <= 1
        ? [items]
        : items.SelectMany(item => Permutations(items.Where(i => i != item).ToArray()).Select(rest => new[] { item }.Concat(rest).ToArray()));
}
