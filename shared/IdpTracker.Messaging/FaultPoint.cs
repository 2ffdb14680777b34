namespace IdpTracker.Messaging;

/// <summary>
/// Switches for the fault suite: a process started with <c>Faults__Point</c> set to one of these names dies at once
/// (as kill -9 would) the first time it reaches that point, so a test can show what happens to a crash exactly there.
/// Off unless configured; a deployment never sets it.
/// </summary>
public static class FaultPoint
{
    /// <summary>The outbox dispatcher has the broker's confirms and has not yet deleted the rows it published.</summary>
    public const string AfterPublishBeforeDelete = "after-publish-before-delete";

    /// <summary>A consumer has committed its changes and inbox rows and has not yet acknowledged the messages.</summary>
    public const string AfterCommitBeforeAck = "after-commit-before-ack";

    /// <summary>A report's recipient (mail server or webhook receiver) has accepted it and the delivery is not yet recorded.</summary>
    public const string AfterSendBeforeRecord = "after-send-before-record";

    private static string? _armed;

    public static void Arm(string? point) => _armed = string.IsNullOrWhiteSpace(point) ? null : point;

    public static void Reach(string point)
    {
        if (_armed == point) Environment.FailFast($"Fault point {point} reached (Faults__Point)");
    }
}
