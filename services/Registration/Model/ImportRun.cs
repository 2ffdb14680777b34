namespace IdpTracker.Registration.Model;

public enum ImportFormat { Csv, Kobo, Odk }

public enum ImportStatus { Running, Completed, Failed }

/// <summary>One bulk import (or dry run) and its progress, readable while it runs.</summary>
public sealed class ImportRun
{
    public Guid Id { get; set; }
    public ImportFormat Format { get; set; }
    public bool DryRun { get; set; }
    public ImportStatus Status { get; set; }
    public int Households { get; set; }
    public int Created { get; set; }
    public int Unchanged { get; set; }
    public int Updated { get; set; }
    public int Conflicts { get; set; }
    public int Invalid { get; set; }
    /// <summary>The first problems found, each naming its submission and field (capped: counts above are complete).</summary>
    public List<string> Problems { get; set; } = [];
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>When progress was last saved: a running import saves it after every batch.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Who started it (the token's subject): only they can follow it, since its problems echo submitted values.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string StartedBy { get; set; } = "";

    public const int MaxProblems = 1000;

    /// <summary>A running import silent for this long has stopped with its service.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    public bool HasStopped(DateTimeOffset now) => Status == ImportStatus.Running && now - UpdatedAt > Silence;

    public void Fail(string why)
    {
        Status = ImportStatus.Failed;
        Error = why + " Send the file again: households already imported are recognised and not stored twice.";
    }

    public void AddProblem(string problem)
    {
        if (Problems.Count < MaxProblems) Problems.Add(problem);
    }
}
