using System.Text.Json;
using FsCheck.Xunit;
using IdpTracker.Contracts.Registration;
using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>
/// The bus delivers at least once and in no promised order. Whatever order a household's events reach Needs in,
/// and however often each comes, its assessment ends as if each had come once, in order.
/// </summary>
public class RedeliveryTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 20, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid HouseholdId = Guid.NewGuid();

    private static readonly Dictionary<Guid, CenterProfile> Centres = new[]
    {
        new CenterProfile { Id = Guid.NewGuid(), Type = "school", Heated = true, Adm1Code = "SY08", Adm2Code = "SY0800" },
        new CenterProfile { Id = Guid.NewGuid(), Type = "mosque", Heated = false, Adm1Code = "SY08", Adm2Code = "SY0801" },
        new CenterProfile { Id = Guid.NewGuid(), Type = "tentSite", Heated = false, Adm1Code = "SY08", Adm2Code = "SY0802" },
    }.ToDictionary(c => c.Id);

    private static readonly AlertFacts[] Alerts = [new(Guid.NewGuid(), "SY0802", -9m, Now.AddDays(2))];

    private static Guid Centre(int value) => Centres.Keys.ElementAt(Math.Abs(value) % 3);

    private static IReadOnlyList<ArrivedMember> Members(int value) => Enumerable.Range(0, 1 + Math.Abs(value) % 4)
        .Select(i => new ArrivedMember(new Guid(i + 1, 0, 0, new byte[8]), i % 2 == 0 ? "female" : "male",
            DateOnly.FromDateTime(Now.UtcDateTime).AddYears(-(Math.Abs(value / 4 + i * 17) % 80)).AddDays(-3), DateOfBirthEstimated: false, IsHead: i == 0)
        {
            SpecificNeeds = value % 5 == 0 ? ["FHH"] : [],
        })
        .ToList();

    private static List<object> InOrder(int[] raw)
    {
        var events = new List<object> { new HouseholdFacts(HouseholdId, Centre(0), Now.AddDays(-3), 1, Members(raw.FirstOrDefault())) };
        int version = 1, placeVersion = 1;
        var lastCentre = Centre(0);
        foreach (var value in raw)
        {
            switch (Math.Abs(value) % 7)
            {
                case < 3:
                    events.Add(new HouseholdFacts(HouseholdId, Centre(0), Now.AddDays(-3), ++version, Members(value / 7)));
                    break;
                case < 6:
                    var departed = value % 4 == 0;
                    var centre = departed ? lastCentre : Centre(value / 7);
                    events.Add(new HouseholdMoved(HouseholdId, Guid.NewGuid(), departed ? "departure" : "transfer", Now.AddHours(-value % 48),
                        departed ? "departed" : "present", departed ? null : centre, departed ? "hostFamily" : null, ++placeVersion) { LastCenterId = centre });
                    lastCentre = centre;
                    break;
                default:
                    events.Add(new HouseholdMerged(HouseholdId, Guid.NewGuid(), Now));
                    break;
            }
        }
        return events;
    }

    /// <summary>What each consumer does with one event, minus the database.</summary>
    private static HouseholdNeeds Apply(IEnumerable<object> events)
    {
        var household = new HouseholdNeeds { HouseholdId = HouseholdId };
        foreach (var e in events)
        {
            if (e is HouseholdMerged)
            {
                household.Merged = true;
                continue;
            }
            var changed = e is HouseholdFacts facts ? household.Record(facts) : household.Record((HouseholdMoved)e);
            if (changed) household.Reassess(Centres.GetValueOrDefault(household.CenterId), RuleSet.Default, Alerts, Now);
        }
        return household;
    }

    [Property(MaxTest = 1000)]
    public bool Household_events_redelivered_and_reordered_end_as_once_in_order(int[] raw, int seed)
    {
        var inOrder = InOrder(raw ?? []);
        var random = new Random(seed);
        var delivered = inOrder.Concat(inOrder.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();

        return JsonSerializer.Serialize(Apply(delivered)) == JsonSerializer.Serialize(Apply(inOrder));
    }

    [Fact]
    public void The_property_sees_the_facts_that_matter()
    {
        // Guard against a property that holds because nothing is compared: in order, the last facts and place win.
        var household = Apply(InOrder([7 * 2 + 0, 3 + 7 * 2]));

        Assert.Equal(2, household.SourceVersion);
        Assert.Equal(2, household.PlaceVersion);
        Assert.Equal(Centre(2), household.CenterId);
        Assert.NotEmpty(household.PriorityReasons);
    }
}
