namespace IdpTracker.Contracts.Needs;

/// <summary>A new version of the needs rules was published; every open household is being assessed again with it.</summary>
public sealed record RuleSetPublished(string Version, DateTimeOffset PublishedAt);
