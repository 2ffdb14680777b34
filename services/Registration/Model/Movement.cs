namespace IdpTracker.Registration.Model;

public enum MovementKind { Arrival, Transfer, Departure, FollowUp }

public enum Destination { HostFamily, ReturnedHome, Other, Unknown }

public enum PlaceStatus { Present, Departed }

/// <summary>One step of a household's journey, recorded with an id the device chose.</summary>
public sealed class Movement
{
    public Guid Id { get; set; }
    public Guid HouseholdId { get; set; }
    public MovementKind Kind { get; set; }
    /// <summary>The centre arrived at or transferred to.</summary>
    public Guid? CenterId { get; set; }
    public Destination? Destination { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string ContentHash { get; set; } = "";
}

public sealed record Place(PlaceStatus Status, Guid? CenterId, Destination? Destination, DateTimeOffset Since, DateTimeOffset? LastFollowUpAt)
{
    /// <summary>The centre the household is in, or the last one it left: whose staff follow it up.</summary>
    public Guid? LastCenterId { get; init; }
}

/// <summary>
/// Where a household is, from its registration and its movements taken in the order they happened,
/// not the order they reached the server: a late arrival cannot undo a newer departure.
/// </summary>
public static class Journey
{
    public const int OverdueAfterDays = 5;

    public static Place Current(Guid registeredCenterId, DateTimeOffset registeredArrival, IEnumerable<Movement> movements)
    {
        var place = new Place(PlaceStatus.Present, registeredCenterId, null, registeredArrival, null) { LastCenterId = registeredCenterId };
        // Ties are broken by id, not by when the server heard of a movement, so arrival order never matters.
        foreach (var movement in movements.OrderBy(m => m.OccurredAt).ThenBy(m => m.Id))
        {
            place = movement.Kind switch
            {
                MovementKind.Arrival or MovementKind.Transfer => new Place(PlaceStatus.Present, movement.CenterId, null, movement.OccurredAt, place.LastFollowUpAt)
                {
                    LastCenterId = movement.CenterId,
                },
                MovementKind.Departure => new Place(PlaceStatus.Departed, null, movement.Destination ?? Model.Destination.Unknown, movement.OccurredAt, place.LastFollowUpAt)
                {
                    LastCenterId = place.LastCenterId,
                },
                MovementKind.FollowUp => place with { LastFollowUpAt = Later(place.LastFollowUpAt, movement.OccurredAt) },
                _ => place,
            };
        }
        return place;
    }

    /// <summary>Departed 5 or more days ago with no follow-up visit since.</summary>
    public static bool IsOverdue(Place place, DateTimeOffset now) =>
        place.Status == PlaceStatus.Departed
        && now - place.Since >= TimeSpan.FromDays(OverdueAfterDays)
        && (place.LastFollowUpAt is null || place.LastFollowUpAt < place.Since);

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;
}
