using IdpTracker.Contracts.Registration;

namespace IdpTracker.Registration.Model;

public static class PlaceEvents
{
    /// <summary>An enum value as events and the API spell it: camelCase ("hostFamily", "tentSite").</summary>
    public static string Code<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static HouseholdMoved Moved(Household h, Place place, Guid movementId, string kind, DateTimeOffset occurredAt) => new(
        h.Id, movementId, kind, occurredAt, Code(h.Status), h.CurrentCenterId, h.Destination is { } d ? Code(d) : null, h.PlaceVersion)
    {
        LastCenterId = place.LastCenterId,
    };
}
