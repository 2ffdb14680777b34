using IdpTracker.Contracts.Needs;

namespace IdpTracker.Reporting.Model;

/// <summary>A centre as Reporting knows it, from CenterOpened.</summary>
public sealed class ProjectedCenter
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Adm1Code { get; set; } = "";
    public string Adm1Name { get; set; } = "";
    public string Adm2Code { get; set; } = "";
    public string Adm2Name { get; set; } = "";
    public string? NameArabic { get; set; }
    public decimal FloorAreaM2 { get; set; }
    public int NightCapacity { get; set; }
    public bool Open { get; set; } = true;
    public int SourceVersion { get; set; }
    /// <summary>PostgreSQL's row version: of two changes applied at once, the later writer retries on what the first wrote.</summary>
    public uint RowVersion { get; set; }
}

/// <summary>A household as Reporting counts it: centre, arrival and each member's sex and date of birth.</summary>
public sealed class ProjectedHousehold
{
    public Guid HouseholdId { get; set; }
    public Guid CenterId { get; set; }
    public int SourceVersion { get; set; }
    public DateTimeOffset ArrivedAt { get; set; }
    /// <summary>In a centre now; departed households no longer count for a centre.</summary>
    public bool Present { get; set; } = true;
    /// <summary>Confirmed as a duplicate of another household: never counted.</summary>
    public bool Merged { get; set; }
    /// <summary>Where a departed household went: "hostFamily", "returnedHome", "other" or "unknown".</summary>
    public string? Destination { get; set; }
    /// <summary>When the household last arrived, moved or left, as recorded.</summary>
    public DateTimeOffset? PlaceChangedAt { get; set; }
    public int PlaceVersion { get; set; }
    public List<ProjectedPerson> People { get; set; } = [];
    /// <summary>
    /// PostgreSQL's row version. Facts (people) and place are written by different consumers at the same time; without
    /// it the later of two read-compare-write rounds could overwrite what the other wrote.
    /// </summary>
    public uint RowVersion { get; set; }
}

public sealed class ProjectedPerson
{
    public string Sex { get; set; } = "";
    public DateOnly DateOfBirth { get; set; }
    /// <summary>Specific-needs codes, counted only in area-level protection figures.</summary>
    public List<string> SpecificNeeds { get; set; } = [];
}

/// <summary>A centre's needs, response and gaps as Needs last summarized them (CenterNeedsSummarized).</summary>
public sealed class ProjectedCenterNeeds
{
    public Guid CenterId { get; set; }
    public long Sequence { get; set; }
    public CenterNeedsSummarized Summary { get; set; } = null!;
    /// <summary>PostgreSQL's row version: of two summaries applied at once, the later writer retries and keeps the newer.</summary>
    public uint RowVersion { get; set; }
}
