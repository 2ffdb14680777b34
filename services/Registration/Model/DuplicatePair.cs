namespace IdpTracker.Registration.Model;

public enum DuplicateStatus { Open, Merged, Dismissed }

/// <summary>Two households that may be the same family, waiting for a person to decide. Never merged automatically.</summary>
public sealed class DuplicatePair
{
    public const int ReasonMaxLength = 500;

    public Guid Id { get; set; }
    /// <summary>The pair is stored once, with the smaller id first.</summary>
    public Guid FirstHouseholdId { get; set; }
    public Guid SecondHouseholdId { get; set; }
    public double Score { get; set; }
    public List<string> Reasons { get; set; } = [];
    public DuplicateStatus Status { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    /// <summary>When <see cref="Score"/> was last worked out; an open pair is scored again as the register grows.</summary>
    public DateTimeOffset ScoredAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public Guid? KeptHouseholdId { get; set; }
    /// <summary>Why the coordinator merged or dismissed the pair, in their words; read back when a decision is questioned.</summary>
    public string? Reason { get; set; }
    /// <summary>The account (subject id) that decided.</summary>
    public string? ResolvedBy { get; set; }
}
