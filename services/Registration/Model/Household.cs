namespace IdpTracker.Registration.Model;

/// <summary>
/// A family registered at a reception centre. The id is chosen by the client, so a phone can
/// register offline and send the same household again without creating a second one.
/// </summary>
public sealed class Household
{
    public Guid Id { get; set; }
    public Guid CenterId { get; set; }
    public DateTimeOffset ArrivedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Hash of the canonical content as submitted: tells a harmless resend from a conflicting edit.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Encrypted <see cref="HouseholdContact"/>; null when no phone was given.</summary>
    public string? ContactCipher { get; set; }
    /// <summary>A keyed hash of the phone number's digits: the same phone at two registrations is found without reading either.</summary>
    public byte[]? PhoneKey { get; set; }
    /// <summary>The <see cref="NameKeys.Version"/> the household's blind index entries were made with.</summary>
    public int NameKeysVersion { get; set; }
    public string? OriginAdm1Code { get; set; }
    public string? OriginAdm2Code { get; set; }
    public string? OriginAdm3Code { get; set; }
    public string? OriginNeighbourhood { get; set; }
    public DateOnly? DisplacedOn { get; set; }
    /// <summary>How many times the family was displaced before this displacement, as it said (null: not asked).</summary>
    public int? PreviousDisplacements { get; set; }
    /// <summary>When the family is at the centre: day and night, or only one of them.</summary>
    public Presence Presence { get; set; }

    /// <summary>Where the household is now, from its movements (see <see cref="Journey"/>).</summary>
    public PlaceStatus Status { get; set; }
    public Guid? CurrentCenterId { get; set; }
    public Destination? Destination { get; set; }
    public DateTimeOffset StatusSince { get; set; }
    public DateTimeOffset? LastFollowUpAt { get; set; }
    /// <summary>Counts place changes, apart from <see cref="Version"/>, which counts corrections a device makes.</summary>
    public int PlaceVersion { get; set; }
    public DateTimeOffset? OverdueSince { get; set; }
    /// <summary>Set when a coordinator confirmed this registration duplicates another; it then stops counting.</summary>
    public Guid? MergedIntoId { get; set; }
    public DateTimeOffset? MergedAt { get; set; }
    /// <summary>When names and the phone number were erased after the retention period of a closed household.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    public void MoveTo(Place place)
    {
        Status = place.Status;
        CurrentCenterId = place.CenterId;
        Destination = place.Destination;
        StatusSince = place.Since;
        LastFollowUpAt = place.LastFollowUpAt;
        PlaceVersion++;
        // Back at a centre, or visited since leaving: no longer overdue.
        if (place.Status == PlaceStatus.Present || place.LastFollowUpAt >= place.Since) OverdueSince = null;
    }

    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Member> Members { get; set; } = [];
}

public sealed class Member
{
    public Guid Id { get; set; }
    public Guid HouseholdId { get; set; }
    public int Position { get; set; }
    public Sex Sex { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public bool DateOfBirthEstimated { get; set; }
    public Relationship Relationship { get; set; }
    /// <summary>Encrypted <see cref="MemberPersonalData"/> (names in Arabic and Latin script).</summary>
    public string? PersonalCipher { get; set; }
    public List<string> SpecificNeeds { get; set; } = [];
}

public enum Sex { Female, Male, Unknown }

/// <summary>
/// When a household is at its centre: night capacity is measured against the people who sleep there (day and night,
/// night only), day capacity against those there by day (day and night, day only).
/// </summary>
public enum Presence { DayAndNight, NightOnly, DayOnly }

public static class Presences
{
    /// <summary>As events and the API write it: dayAndNight, nightOnly, dayOnly.</summary>
    public static string Of(Presence presence) => presence switch
    {
        Presence.NightOnly => "nightOnly",
        Presence.DayOnly => "dayOnly",
        _ => "dayAndNight",
    };

    public static bool AtNight(this Presence presence) => presence != Presence.DayOnly;

    public static bool ByDay(this Presence presence) => presence != Presence.NightOnly;
}

public enum Relationship { Head, Spouse, Child, Parent, Sibling, Grandchild, OtherRelative, NonRelative }
