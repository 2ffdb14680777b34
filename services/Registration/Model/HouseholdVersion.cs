namespace IdpTracker.Registration.Model;

/// <summary>How a version of a household came to be.</summary>
/// <remarks>
/// <see cref="Merged"/>: a copy sent on an older version, merged field by field into the stored one;
/// <see cref="Resolved"/>: a person's choice between two copies that changed the same field.
/// </remarks>
public enum VersionChange { Registered, Corrected, Merged, Resolved }

/// <summary>
/// Every version a household has had, whole and encrypted (it holds names and the phone number): no correction,
/// merge or resolution overwrites anything for good, and a copy sent on an older version is merged against the
/// version its device last saw.
/// </summary>
public sealed class HouseholdVersion
{
    public Guid Id { get; set; }
    public Guid HouseholdId { get; set; }
    public int Version { get; set; }
    /// <summary>The household's content at this version (the request shape, member ids filled in), encrypted.</summary>
    public string Content { get; set; } = "";
    public DateTimeOffset StoredAt { get; set; }
    /// <summary>The account (subject id) whose request stored it; null for versions stored before versions were kept.</summary>
    public string? StoredBy { get; set; }
    public VersionChange Change { get; set; }
    /// <summary>For a merge, the version the device's copy was made on.</summary>
    public int? BaseVersion { get; set; }
}
