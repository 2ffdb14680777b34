namespace IdpTracker.Needs.Jobs;

public sealed class NeedsJobsOptions
{
    /// <summary>Households assessed again per transaction.</summary>
    public int ReevaluationBatchSize { get; set; } = 200;
    /// <summary>How often an idle worker looks for a queued re-evaluation.</summary>
    public TimeSpan ReevaluationPollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often alerts are checked for their start and end, and the daily re-evaluation queued.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often centres' needs summaries are recomputed and the changed ones sent to Reporting.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
