namespace IdpTracker.Needs.Model;

public enum ReevaluationStatus { Queued, Running, Finished }

/// <summary>
/// Every open household (of one area, or everywhere) assessed again: after a new rule set, when a cold-weather alert
/// starts or ends; and once a day those whose assessment has run out (ages and the season move on). Runs in the background in batches; the cursor is
/// saved with each batch, so a restart goes on where it stopped and a household assessed twice ends the same.
/// </summary>
public sealed class Reevaluation
{
    public Guid Id { get; set; }
    /// <summary>What asked for it ("daily:2027-01-15", "alert:{id}:start"), unique, so asking twice queues it once.</summary>
    public string? Key { get; set; }
    /// <summary>"rule set v3", "cold alert ... started", "daily 2027-01-15: assessments run out".</summary>
    public string Reason { get; set; } = "";
    /// <summary>An adm1 or adm2 code, or null for every centre.</summary>
    public string? Area { get; set; }
    /// <summary>Only the households whose assessment has run out (<see cref="HouseholdNeeds.HoldsUntil"/> before the day it runs): the daily one.</summary>
    public bool OnlyRunOut { get; set; }
    public ReevaluationStatus Status { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    /// <summary>The last household assessed; the next batch starts after it.</summary>
    public Guid? Cursor { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
