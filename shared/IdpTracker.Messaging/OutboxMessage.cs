using System.Diagnostics;
using System.Text.Json;

namespace IdpTracker.Messaging;

/// <summary>
/// An event waiting to be published. It is written in the same transaction as the state change
/// it describes, so an event exists if and only if its change was committed.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; private set; }

    /// <summary>Fixed at insert, so a retried publish carries the same MessageId and consumers can deduplicate it.</summary>
    public Guid MessageId { get; private set; }

    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>W3C trace context of the request that caused the event, so the trace continues across the bus.</summary>
    public string? TraceParent { get; private set; }
    public string? TraceState { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? NotBefore { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    private OutboxMessage() { }

    public void RecordFailedAttempt(string error, DateTimeOffset retryAt)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        NotBefore = retryAt;
    }

    public static OutboxMessage For<T>(T message, DateTimeOffset now) where T : class
    {
        var activity = Activity.Current;
        return new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(now),
            MessageType = typeof(T).FullName!,
            Body = JsonSerializer.Serialize(message, MessageJson.Options),
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
        };
    }
}

public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
