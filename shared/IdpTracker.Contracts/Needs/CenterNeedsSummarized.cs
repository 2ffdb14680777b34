namespace IdpTracker.Contracts.Needs;

/// <summary>
/// A centre's needs, response and gaps changed: its status under the rules in force and, per sector, people in need,
/// targeted and reached by sex and age bracket. Aggregates only (exact counts; whoever publishes them further
/// suppresses small ones). Sent when the figures differ from the last ones sent; <paramref name="Sequence"/> grows
/// with each, so a consumer keeps the newest whatever order they arrive in.
/// </summary>
/// <param name="Status">"ok", "warning" or "critical".</param>
public sealed record CenterNeedsSummarized(
    Guid CenterId,
    long Sequence,
    DateTimeOffset SummarizedAt,
    string RuleSetVersion,
    int Households,
    int People,
    string Status,
    decimal? SpacePerPersonM2,
    decimal RequiredM2PerPerson,
    int? NightOccupancyPercent,
    decimal? PeoplePerToilet,
    IReadOnlyList<string> StatusReasons,
    IReadOnlyList<SectorNeeds> Sectors);

/// <param name="Sector">"shelter", "winterization", "heating" or "wash".</param>
/// <param name="Reached">Null where no response in the sector is recorded as a distribution (shelter, WASH).</param>
public sealed record SectorNeeds(string Sector, int InNeed, int Targeted, int? Reached, IReadOnlyList<SectorNeedsCell> BySexAndAge);

/// <param name="Sex">"female", "male" or "unknown".</param>
/// <param name="AgeBracket">"0-4", "5-11", "12-17", "18-59" or "60+".</param>
public sealed record SectorNeedsCell(string Sex, string AgeBracket, int InNeed, int Targeted, int? Reached);
