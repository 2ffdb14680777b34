namespace IdpTracker.Needs.Model;

/// <summary>
/// A version of the rules as a coordinator published it. Never changed afterwards: a household's assessment names
/// the version it was made with, so its reasons can always be read against the numbers that produced them.
/// </summary>
public sealed class PublishedRuleSet
{
    /// <summary>1, 2, 3...: the version is "v" and this number.</summary>
    public int Number { get; set; }
    public string Version { get; set; } = "";
    public RuleSet Rules { get; set; } = RuleSet.Default;
    /// <summary>Why it changed, in the coordinator's words (e.g. "winter starts in October in Al-Hasakah this year").</summary>
    public string? Note { get; set; }
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    /// <summary>The re-evaluation of every open household this publication started.</summary>
    public Guid ReevaluationId { get; set; }
}
