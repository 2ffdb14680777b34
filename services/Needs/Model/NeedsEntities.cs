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
    public int People { get; set; }
    public int ChildrenUnder2 { get; set; }
    public int OlderPeople { get; set; }
    public int Blankets { get; set; }
    public int Mattresses { get; set; }
    public int ClothingSets { get; set; }
    public int Heaters { get; set; }
    public int FuelLitres { get; set; }
    public string RuleSetVersion { get; set; } = "";
    public List<string> Reasons { get; set; } = [];
    public DateTimeOffset AssessedAt { get; set; }
    /// <summary>PostgreSQL's row version: two events applied at once cannot both win, the later one retries.</summary>
    public uint RowVersion { get; set; }
    /// <summary>Higher is more urgent; see <see cref="PriorityRules"/>.</summary>
    public int PriorityScore { get; set; }
    public List<string> PriorityReasons { get; set; } = [];
    /// <summary>Unaccompanied or separated children, child-headed households: referred at once, whatever the score.</summary>
    public List<string> UrgentReferrals { get; set; } = [];

    /// <summary>Weighs the household's urgency in the shelter it is in now.</summary>
    public void Prioritise(CenterProfile? shelter, DateOnly asOf)
    {
        var priority = PriorityRules.For(
            Members.Select(m => new PriorityMember(m.Sex, m.DateOfBirth, m.IsHead, m.SpecificNeeds)).ToList(),
            shelter is null ? null : new ShelterFacts(shelter.Type, shelter.Heated), asOf);
        PriorityScore = priority.Score;
        PriorityReasons = priority.Reasons.ToList();
        UrgentReferrals = priority.UrgentReferrals.ToList();
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
