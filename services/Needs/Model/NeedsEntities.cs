using IdpTracker.Contracts.Registration;

namespace IdpTracker.Needs.Model;

/// <summary>A centre as Needs knows it, from CenterOpened: only what space and capacity rules use.</summary>
public sealed class CenterProfile
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Adm1Code { get; set; } = "";
    public string Adm2Code { get; set; } = "";
    public string Type { get; set; } = "other";
    public decimal FloorAreaM2 { get; set; }
    public int NightCapacity { get; set; }
    public int? DayCapacity { get; set; }
    public bool Heated { get; set; }
    public int ToiletsFemale { get; set; }
    public int ToiletsMale { get; set; }
    public bool Open { get; set; } = true;
    /// <summary>Registration's version of the centre; older events are ignored.</summary>
    public int SourceVersion { get; set; }
    /// <summary>PostgreSQL's row version: two events applied at once cannot both win, the later one retries.</summary>
    public uint RowVersion { get; set; }
}

/// <summary>A household's assessed winter needs. Holds ages and sexes, never names.</summary>
public sealed class HouseholdNeeds
{
    public Guid HouseholdId { get; set; }
    public Guid CenterId { get; set; }
    /// <summary>Registration's version of the household this assessment was made from; older events are ignored.</summary>
    public int SourceVersion { get; set; }
    /// <summary>In a centre now; a household that departed stops counting for its centre.</summary>
    public bool Present { get; set; } = true;
    /// <summary>Confirmed as a duplicate of another household: never counted.</summary>
    public bool Merged { get; set; }
    /// <summary>Registration's place version; older movements are ignored.</summary>
    public int PlaceVersion { get; set; }
    public List<AssessedMember> Members { get; set; } = [];
    /// <summary>Every member's specific-needs codes, once each: what the priority list filters on, kept apart from the members' JSON so that filter is a lookup.</summary>
    public List<string> SpecificNeeds { get; set; } = [];
    /// <summary>When the family was displaced, if it said; arriving at a centre does not tell (some have been displaced for years).</summary>
    public DateOnly? DisplacedOn { get; set; }
    /// <summary>How many times the family said it was displaced before this time (null: not asked).</summary>
    public int? PreviousDisplacements { get; set; }
    /// <summary>Earlier registrations of this family found through merges: arrivals far apart, each a displacement of its own.</summary>
    public int EarlierRegistrations { get; set; }
    /// <summary>When the family is at its centre: dayAndNight, nightOnly or dayOnly.</summary>
    public string Presence { get; set; } = Presences.DayAndNight;
    public int People { get; set; }
    public int ChildrenUnder2 { get; set; }
    public int OlderPeople { get; set; }
    public int Blankets { get; set; }
    public int Mattresses { get; set; }
    public int ClothingSets { get; set; }
    public int Heaters { get; set; }
    /// <summary>Heating fuel for the whole season; <see cref="FuelLitresPerMonth"/> is what a month's distribution hands over.</summary>
    public int FuelLitres { get; set; }
    public int FuelLitresPerMonth { get; set; }
    public string RuleSetVersion { get; set; } = "";
    /// <summary>How the winter items were counted: each names its rule, rule set version and inputs.</summary>
    public IReadOnlyList<Finding> Reasons { get; set; } = [];
    public DateTimeOffset AssessedAt { get; set; }
    /// <summary>The last day this assessment holds as the calendar moves (<see cref="AssessmentExpiry"/>); the daily re-evaluation takes the households past it.</summary>
    public DateOnly HoldsUntil { get; set; }
    /// <summary>PostgreSQL's row version: two events applied at once cannot both win, the later one retries.</summary>
    public uint RowVersion { get; set; }
    /// <summary>Higher is more urgent; see <see cref="PriorityRules"/>.</summary>
    public int PriorityScore { get; set; }
    public IReadOnlyList<Finding> PriorityReasons { get; set; } = [];
    /// <summary>Unaccompanied or separated children, child-headed households: referred at once, whatever the score.</summary>
    public IReadOnlyList<Finding> UrgentReferrals { get; set; } = [];
    /// <summary>Has an urgent referral: such households come first in every list.</summary>
    public bool Urgent { get; set; }

    /// <summary>
    /// Takes the members from Registration's newest version of the household. A late copy of an older version is
    /// ignored (false), so it cannot undo a newer one. Where the household is follows its movements, not this.
    /// </summary>
    public bool Record(HouseholdFacts facts)
    {
        if (SourceVersion >= facts.Version) return false;
        SourceVersion = facts.Version;
        DisplacedOn = facts.DisplacedOn;
        PreviousDisplacements = facts.PreviousDisplacements;
        Presence = facts.Presence ?? Presences.DayAndNight;
        Members = facts.Members
            .Select(m => new AssessedMember { MemberId = m.MemberId, Sex = m.Sex, DateOfBirth = m.DateOfBirth, IsHead = m.IsHead, SpecificNeeds = m.SpecificNeeds.ToList() })
            .ToList();
        SpecificNeeds = Members.SelectMany(m => m.SpecificNeeds).Distinct().Order(StringComparer.Ordinal).ToList();
        // Registration's centre stands for the arrival (place version 1) until a movement says more.
        if (PlaceVersion == 0)
        {
            PlaceVersion = 1;
            Present = true;
            CenterId = facts.CenterId;
        }
        else if (CenterId == Guid.Empty)
        {
            CenterId = facts.CenterId;
        }
        return true;
    }

    /// <summary>Follows the household's newest place; a movement older than the one applied is ignored (false).</summary>
    public bool Record(HouseholdMoved moved)
    {
        if (PlaceVersion >= moved.PlaceVersion) return false;
        PlaceVersion = moved.PlaceVersion;
        Present = moved.Status == "present";
        // A departed household stays with the centre it left, whose staff follow it up, whichever order movements come in.
        if ((moved.CurrentCenterId ?? moved.LastCenterId) is { } centerId) CenterId = centerId;
        return true;
    }

    /// <summary>
    /// Weighs the household's urgency in the shelter it is in now, with the cold-weather alerts in force for that
    /// shelter's area.
    /// </summary>
    public void Prioritise(CenterProfile? shelter, DateOnly asOf, RuleSet rules, IReadOnlyCollection<AlertFacts> alertsInForce)
    {
        var priority = PriorityRules.For(
            Members.Select(m => new PriorityMember(m.Sex, m.DateOfBirth, m.IsHead, m.SpecificNeeds)).ToList(),
            shelter is null ? null : new ShelterFacts(shelter.Type, shelter.Heated), asOf, rules,
            shelter is null ? [] : alertsInForce.Where(a => a.Area == shelter.Adm1Code || a.Area == shelter.Adm2Code).ToList(), DisplacedOn,
            new DisplacementHistory(PreviousDisplacements, EarlierRegistrations));
        PriorityScore = priority.Score;
        PriorityReasons = priority.Reasons.ToList();
        UrgentReferrals = priority.UrgentReferrals.ToList();
        Urgent = UrgentReferrals.Count > 0;
    }

    /// <summary>Every rule again: winter items and priority. The result depends only on the facts, rules, alerts and day given.</summary>
    public void Reassess(CenterProfile? shelter, RuleSet rules, IReadOnlyCollection<AlertFacts> alertsInForce, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Apply(WinterizationRules.For(Members.Select(m => new Person(m.Sex, m.DateOfBirth)).ToList(), rules, today, shelter?.Adm1Code, shelter?.Adm2Code), now);
        Prioritise(shelter, today, rules, alertsInForce);
        HoldsUntil = AssessmentExpiry.LastDay(Members, DisplacedOn, rules, today, shelter?.Adm1Code, shelter?.Adm2Code);
    }

    public void Apply(WinterNeeds needs, DateTimeOffset assessedAt)
    {
        People = needs.People;
        ChildrenUnder2 = needs.ChildrenUnder2;
        OlderPeople = needs.OlderPeople;
        Blankets = needs.Blankets;
        Mattresses = needs.Mattresses;
        ClothingSets = needs.ClothingSets;
        Heaters = needs.Heaters;
        FuelLitres = needs.FuelLitres;
        FuelLitresPerMonth = needs.FuelLitresPerMonth;
        RuleSetVersion = needs.RuleSetVersion;
        Reasons = needs.Reasons.ToList();
        AssessedAt = assessedAt;
    }
}

public sealed class AssessedMember
{
    public Guid MemberId { get; set; }
    public string Sex { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    public bool IsHead { get; set; }
    /// <summary>Specific-needs codes (FHH, CHH, UAC, WG-WALKING...): facts about vulnerability, never a name.</summary>
    public List<string> SpecificNeeds { get; set; } = [];
}
