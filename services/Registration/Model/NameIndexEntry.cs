namespace IdpTracker.Registration.Model;

/// <summary>One keyed hash of one matching key of a member's name: how names are searched without storing them in clear.</summary>
public sealed class NameIndexEntry
{
    public Guid HouseholdId { get; set; }
    public Guid MemberId { get; set; }
    public byte[] Hash { get; set; } = [];
    /// <summary>A key both scripts share (see NameKeys): what duplicate matching weighs; the others serve search.</summary>
    public bool Phonetic { get; set; }
    /// <summary>Two phonetic keys of the member's name together (<see cref="NameKeyPairs"/>): how duplicate matching finds candidates.</summary>
    public bool Pair { get; set; }
    // Copied from the member so duplicate candidates are narrowed inside the index, without reading members.
    public Sex Sex { get; set; }
    public DateOnly DateOfBirth { get; set; }
}

/// <summary>What is encrypted for a member.</summary>
public sealed record MemberPersonalData(string? NameArabic, string? NameLatin);

/// <summary>What is encrypted for a household.</summary>
public sealed record HouseholdContact(string? Phone);
