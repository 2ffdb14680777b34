using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IdpTracker.Domain;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Apis;

/// <summary>
/// Copies of a household in the one form versions are kept in and merged in: the request's shape, member ids filled
/// in, ages turned into dates of birth, times in UTC to the microsecond the database keeps, text trimmed, needs sorted.
/// Two copies that say the same thing are the same JSON.
/// </summary>
public static class HouseholdCopies
{
    private static readonly JsonSerializerOptions Options = new(HouseholdJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject ToJson(RegisterHouseholdRequest household) =>
        JsonSerializer.SerializeToNode(Canonical(household), Options)!.AsObject();

    public static RegisterHouseholdRequest FromJson(JsonNode json) => json.Deserialize<RegisterHouseholdRequest>(Options)!;

    /// <summary>The stored household as a request that would store it again unchanged.</summary>
    public static RegisterHouseholdRequest ToRequest(this HouseholdResponse h) => new(
        h.CenterId, h.ArrivedAt,
        h.Members.Select(m => new MemberRequest(m.Id, m.Sex, m.DateOfBirth, m.DateOfBirthEstimated, m.Relationship, m.NameArabic, m.NameLatin, m.SpecificNeeds)).ToList(),
        Phone: h.Phone, Origin: h.Origin, DisplacedOn: h.DisplacedOn, PreviousDisplacements: h.PreviousDisplacements,
        Presence: h.Presence);

    /// <summary>A request just stored, with the ids its new members were given and the arrival time it was stored with.</summary>
    public static RegisterHouseholdRequest AsStored(RegisterHouseholdRequest request, Household stored) => request with
    {
        ArrivedAt = stored.ArrivedAt,
        Members = request.Members.Zip(stored.Members.OrderBy(m => m.Position), (sent, member) => sent with { Id = member.Id }).ToList(),
    };

    /// <summary>
    /// A copy a device sent, read against the version it was made on: an arrival time left out is that version's, and an
    /// age typed again (which gives a date of birth a few days off) is the same estimate, not a change.
    /// </summary>
    public static RegisterHouseholdRequest AgainstBase(RegisterHouseholdRequest sent, RegisterHouseholdRequest? basis, DateTimeOffset storedArrival, DateOnly today)
    {
        var before = (basis?.Members ?? []).Where(m => m.Id is not null).ToDictionary(m => m.Id!.Value);
        return sent with
        {
            ArrivedAt = sent.ArrivedAt ?? basis?.ArrivedAt ?? storedArrival,
            Members = sent.Members.Select(m =>
                m.Id is { } id && before.TryGetValue(id, out var was) && was.DateOfBirthEstimated && m.DateOfBirthEstimated
                && was.DateOfBirth is { } wasBorn && m.DateOfBirth is { } born && Age.InYears(wasBorn, today) == Age.InYears(born, today)
                    ? m with { DateOfBirth = wasBorn }
                    : m).ToList(),
        };
    }

    private static RegisterHouseholdRequest Canonical(RegisterHouseholdRequest h) => h with
    {
        Version = null,
        Presence = h.Presence ?? Presence.DayAndNight,
        ArrivedAt = h.ArrivedAt is { } at ? Microseconds(at) : null,
        Phone = Text(h.Phone),
        Origin = h.Origin is null ? null : new OriginRequest(Code(h.Origin.Adm1Code), Code(h.Origin.Adm2Code), Code(h.Origin.Adm3Code), Text(h.Origin.Neighbourhood)),
        Members = h.Members.Select(m => m with
        {
            NameArabic = Text(m.NameArabic),
            NameLatin = Text(m.NameLatin),
            SpecificNeeds = (m.SpecificNeeds ?? []).Distinct().Order(StringComparer.Ordinal).ToList(),
        }).ToList(),
    };

    private static DateTimeOffset Microseconds(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    /// <summary>Text as it is stored: spaces collapsed, blank as nothing.</summary>
    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>An admin code as it is stored: normalised, blank as nothing.</summary>
    public static string? Code(string? code) => string.IsNullOrWhiteSpace(code) ? null : AdminCodes.Normalize(code);
}
