namespace IdpTracker.Needs.Model;

/// <summary>
/// What was last sent about a centre's needs (<see cref="IdpTracker.Contracts.Needs.CenterNeedsSummarized"/>): its
/// sequence and a fingerprint of its figures, so a summary is sent again only when something in it changed.
/// </summary>
public sealed class PublishedCenterSummary
{
    public Guid CenterId { get; set; }
    public long Sequence { get; set; }
    public string Fingerprint { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
}
