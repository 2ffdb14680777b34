namespace IdpTracker.Registration.Model;

/// <summary>A reception centre: a collective shelter where arriving households are registered.</summary>
public sealed class Center
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Adm1Code { get; set; } = "";
    public string Adm1Name { get; set; } = "";
    public string Adm2Code { get; set; } = "";
    public string Adm2Name { get; set; } = "";
    public string? Location { get; set; }
    public decimal FloorAreaM2 { get; set; }
    public int NightCapacity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
