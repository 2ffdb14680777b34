using IdpTracker.Needs.Model;

namespace IdpTracker.Needs.Tests;

/// <summary>docs/domain.md "Needs, response, gaps": in need, targeted, reached and gap per sector, by sex and age bracket.</summary>
public class NeedsSummaryTests
{
    private static readonly DateOnly January = new(2027, 1, 20);

    private static readonly CenterProfile HeatedSchool = new()
    {
        Id = Guid.NewGuid(), Type = "school", Heated = true, FloorAreaM2 = 1000, NightCapacity = 100, ToiletsFemale = 9, ToiletsMale = 3,
    };

    private static readonly CenterProfile TentSite = new()
    {
        Id = Guid.NewGuid(), Type = "tentSite", Heated = false, FloorAreaM2 = 1000, NightCapacity = 100, ToiletsFemale = 0, ToiletsMale = 0,
    };

    private static HouseholdNeeds Family(CenterProfile centre, int priority, params (string Sex, int Age)[] members)
    {
        var household = new HouseholdNeeds
        {
            HouseholdId = Guid.NewGuid(), CenterId = centre.Id, SourceVersion = 1, PriorityScore = priority,
            Members = members.Select((m, i) => new AssessedMember { MemberId = Guid.NewGuid(), Sex = m.Sex, DateOfBirth = January.AddYears(-m.Age).AddDays(-5), IsHead = i == 0 }).ToList(),
        };
        household.Apply(WinterizationRules.For(household.Members.Select(m => new Person(m.Sex, m.DateOfBirth)).ToList(), RuleSet.Default, January), DateTimeOffset.UnixEpoch);
        return household;
    }

    /// <summary>The households tallied and totalled as Needs stores them, then added up as the summary reads them.</summary>
    private static List<SectorSummary> Summary(IReadOnlyCollection<HouseholdNeeds> households, Dictionary<(Guid, Item), int> delivered, RuleSet? rules = null)
    {
        rules ??= RuleSet.Default;
        var tallies = households.SelectMany(h => PeopleTally.For(h, item => delivered.GetValueOrDefault((h.HouseholdId, item)), January)).ToList();
        var groups = NeedsSummary.Groups(PeopleTallyTotal.Change([], tallies).AsQueryable(), rules.TargetMinPriority).ToList();
        return NeedsSummary.For(groups, new[] { HeatedSchool, TentSite }.ToDictionary(c => c.Id), rules, January);
    }

    [Fact]
    public void A_family_is_reached_in_a_sector_when_every_item_of_it_has_been_received_and_partly_reached_before()
    {
        var full = Family(HeatedSchool, 0, ("female", 30), ("male", 3));     // 2 blankets, 2 mattresses, 4 clothing sets
        var partly = Family(HeatedSchool, 0, ("male", 40));                 // 1 blanket, 1 mattress, 2 clothing sets
        var none = Family(HeatedSchool, 0, ("female", 70), ("female", 8));
        var delivered = new Dictionary<(Guid, Item), int>
        {
            [(full.HouseholdId, Item.Blanket)] = 2, [(full.HouseholdId, Item.Mattress)] = 2, [(full.HouseholdId, Item.ClothingSet)] = 4,
            [(partly.HouseholdId, Item.Blanket)] = 1,
        };

        var winter = Summary([full, partly, none], delivered).Single(s => s.Sector == "winterization");

        Assert.Equal((5, 2, 1, 3), (winter.InNeed, winter.Reached!.Value, winter.PartlyReached!.Value, winter.Gap!.Value));
    }

    [Fact]
    public void People_are_split_by_sex_and_age_bracket()
    {
        var family = Family(HeatedSchool, 0, ("female", 30), ("male", 3), ("female", 65), ("male", 14));

        var cells = Summary([family], []).Single(s => s.Sector == "winterization").BySexAndAge;

        Assert.Equal(1, cells.Single(c => c is { Sex: "female", AgeBracket: "18-59" }).InNeed);
        Assert.Equal(1, cells.Single(c => c is { Sex: "male", AgeBracket: "0-4" }).InNeed);
        Assert.Equal(1, cells.Single(c => c is { Sex: "female", AgeBracket: "60+" }).InNeed);
        Assert.Equal(1, cells.Single(c => c is { Sex: "male", AgeBracket: "12-17" }).InNeed);
        Assert.Equal(4, cells.Sum(c => c.InNeed));
        Assert.Equal(4, cells.Sum(c => c.Gap));
    }

    [Fact]
    public void Targeted_are_those_in_need_at_or_above_the_rule_sets_target_priority()
    {
        var urgent = Family(TentSite, 90, ("female", 30), ("female", 1));
        var lower = Family(HeatedSchool, 10, ("male", 30));

        var winter = Summary([urgent, lower], [], RuleSet.Default with { TargetMinPriority = 50 }).Single(s => s.Sector == "winterization");

        Assert.Equal((3, 2), (winter.InNeed, winter.Targeted));
    }

    [Fact]
    public void Shelter_and_wash_count_people_in_need_where_the_centre_fails_its_rules_and_record_no_reach()
    {
        var inTents = Family(TentSite, 0, ("female", 30), ("male", 5));
        var inSchool = Family(HeatedSchool, 0, ("male", 30));

        var sectors = Summary([inTents, inSchool], []);

        var shelter = sectors.Single(s => s.Sector == "shelter");
        Assert.Equal(2, shelter.InNeed);
        Assert.Null(shelter.Reached);
        Assert.Equal(2, sectors.Single(s => s.Sector == "wash").InNeed); // the tent site has no toilets recorded
    }
}
