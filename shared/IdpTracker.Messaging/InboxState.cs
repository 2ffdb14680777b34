namespace IdpTracker.Messaging;

/// <summary>
/// A message a consumer has already applied. Recorded in the consumer's own transaction, so a
/// redelivered copy finds its row and changes nothing.
/// </summary>
public sealed class InboxState
{
    public Guid MessageId { get; set; }
    public string ConsumerId { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}
