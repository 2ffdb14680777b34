namespace IdpTracker.Registration.Model;

/// <summary>What was done to a household's personal data.</summary>
public enum AuditAction { Read, Search, Create, Update, Conflict, Review, Merge, Import, Export, Purge, Dismiss }

/// <summary>
/// One read or change of a household's personal data: who, when, what, from which client. Append-only
/// (the database refuses updates and deletes); it holds ids, never a name.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The user id (token subject) or system client id that acted.</summary>
    public string Actor { get; set; } = "";
    /// <summary>The OAuth client the request came through (the field app, the command line, a system).</summary>
    public string? Client { get; set; }
    public AuditAction Action { get; set; }
    public Guid? HouseholdId { get; set; }
    /// <summary>Non-personal context: an import id, a conflict id, a reason given for an export.</summary>
    public string? Detail { get; set; }
}
