namespace IdpTracker.Registration.Model;

/// <summary><see cref="Merged"/>: settled field by field, each collision by a person's choice.</summary>
public enum ConflictStatus { Open, KeptServer, AppliedSubmitted, Merged }

/// <summary>
/// A copy of a household that was refused because it would have overwritten changes its sender
/// had not seen. Kept for a coordinator to resolve: nothing a field worker entered is dropped.
/// </summary>
public sealed class HouseholdConflict
{
    public Guid Id { get; set; }
    public Guid HouseholdId { get; set; }
    /// <summary>The version the sender last saw, if it said.</summary>
    public int? BaseVersion { get; set; }
    public int ServerVersion { get; set; }
    /// <summary>The refused request body, as JSON.</summary>
    public string Submitted { get; set; } = "";
    public string SubmittedHash { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>The account that sent the refused copy (an id, never a name): they may settle it themselves from their device.</summary>
    public string? SubmittedBy { get; set; }
    public ConflictStatus Status { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
