namespace IdpTracker.Registration.Model;

public enum CenterType { School, Mosque, TentSite, PublicBuilding, UnfinishedBuilding, CollectiveShelter, Other }

public enum CenterStatus { Open, Closed }

/// <summary>A reception centre: a collective shelter where arriving households are registered.</summary>
public sealed class Center
{
    public Guid Id { get; set; }
    /// <summary>Name in Latin script, as partners write it.</summary>
    public string Name { get; set; } = "";
    public string? NameArabic { get; set; }
    public CenterType Type { get; set; }
    public string Adm1Code { get; set; } = "";
    public string Adm1Name { get; set; } = "";
    public string Adm2Code { get; set; } = "";
    public string Adm2Name { get; set; } = "";
    public string? Adm3Code { get; set; }
    public string? Adm3Name { get; set; }
    public string? Location { get; set; }
    /// <summary>Usable covered floor area.</summary>
    public decimal FloorAreaM2 { get; set; }
    public decimal? CeilingHeightM { get; set; }
    /// <summary>Beds or sleeping places.</summary>
    public int NightCapacity { get; set; }
    /// <summary>People the centre can hold by day; unknown for many sites.</summary>
    public int? DayCapacity { get; set; }
    public bool Heated { get; set; }
    public int ToiletsFemale { get; set; }
    public int ToiletsMale { get; set; }
    public CenterStatus Status { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
