using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;

namespace IdpTracker.Messaging;

/// <summary>A queue this service consumes from, and the name its consumer records in the inbox.</summary>
public sealed record ConsumerQueue(string Queue, string ConsumerId)
{
    /// <summary>The queue names MassTransit gives a consumer's endpoint, and the consumer id the inbox uses (the class name).</summary>
    public static ConsumerQueue For(Type consumer) => new(
        (string)typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!
            .MakeGenericMethod(consumer).Invoke(KebabCaseEndpointNameFormatter.Instance, null)!,
        consumer.Name);
}

/// <summary>A message set aside in an _error or _dead queue, with why and whether its effect is already applied.</summary>
public sealed record SetAsideMessage(
    string Queue, string FromQueue, Guid? MessageId, string MessageType, DateTimeOffset? FailedAt, string Reason, bool Applied);

/// <summary>
/// What an operator needs after messages were set aside: each message in this service's _error queues (failed every
/// retry) and _dead queues (its consumer process died on it 20 times), why, and whether the inbox already applied it
/// (a copy that did get through); and a way to move them back to their queue once the cause is fixed. A message
/// already applied is harmless to move back: the inbox skips it.
/// </summary>
public sealed class ErrorQueues(RabbitMqOptions rabbit, DbContext db, IReadOnlyList<ConsumerQueue> queues)
{
    public static readonly string[] Suffixes = ["_error", "_dead"];

    public async Task<List<SetAsideMessage>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var found = new List<SetAsideMessage>();
        foreach (var (queue, consumer, setAside) in SetAsideQueues())
        {
            if (await CountAsync(connection, setAside, cancellationToken) is not { } count) continue;
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            // Every message is taken without acknowledging and handed back when the channel closes, in the same order.
            // The broker counts that as a delivery (docs/reliability.md, "Operator commands").
            for (var i = 0u; i < count && await channel.BasicGetAsync(setAside, autoAck: false, cancellationToken) is { } message; i++)
            {
                found.Add(await DescribeAsync(setAside, queue.Queue, consumer, message, cancellationToken));
            }
        }
        return found;
    }

    /// <summary>
    /// Moves set-aside messages back to the queue they came from, each published (with the broker's confirmation) before
    /// it is removed, so a failure half-way leaves it in one of the two queues, never in neither.
    /// </summary>
    /// <param name="messageId">One message, or every set-aside message when null.</param>
    /// <returns>How many were moved back.</returns>
    public async Task<int> ReplayAsync(Guid? messageId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var moved = 0;
        foreach (var (queue, _, setAside) in SetAsideQueues())
        {
            if (await CountAsync(connection, setAside, cancellationToken) is not { } count) continue;
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            var skipped = new List<ulong>();
            // Only what was there when the replay began: a message moved back that fails again at once is set aside
            // again, and is not taken a second time by the same replay.
            for (var i = 0u; i < count && await channel.BasicGetAsync(setAside, autoAck: false, cancellationToken) is { } message; i++)
            {
                if (messageId is not null && MessageIdOf(message) != messageId)
                {
                    skipped.Add(message.DeliveryTag);
                    continue;
                }
                var properties = new BasicProperties(message.BasicProperties) { Headers = WithoutFaultHeaders(message.BasicProperties.Headers) };
                // The endpoint's own exchange (MassTransit binds one named after each queue) reaches that queue only.
                await channel.BasicPublishAsync(queue.Queue, "", mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                moved++;
            }
            foreach (var tag in skipped) await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        }
        return moved;
    }

    private IEnumerable<(ConsumerQueue Queue, string ConsumerId, string SetAside)> SetAsideQueues() =>
        queues.SelectMany(q => Suffixes.Select(suffix => (q, q.ConsumerId, q.Queue + suffix)));

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) => rabbit.ConnectAsync("idp errors", cancellationToken);

    /// <summary>The messages ready in the queue; null for a queue that was never declared (nothing ever failed there).</summary>
    private static async Task<uint?> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel: a channel of its own.
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await probe.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    private async Task<SetAsideMessage> DescribeAsync(string setAside, string fromQueue, string consumerId, BasicGetResult message, CancellationToken cancellationToken)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        var id = MessageIdOf(message);
        var applied = id is not null && await db.Database
            .SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM inbox_state WHERE message_id = {id} AND consumer_id = {consumerId}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        var reason = Text(headers, "MT-Fault-ExceptionType") is { } exception
            ? $"{exception}: {Text(headers, "MT-Fault-Message")}"
            : Text(headers, "x-first-death-reason") is { } death
                ? $"dead-lettered by the broker ({death}: its consumer stopped before acknowledging it, delivery after delivery)"
                : "no reason recorded";
        var failedAt = DateTimeOffset.TryParse(Text(headers, "MT-Fault-Timestamp"), out var at) ? at : (DateTimeOffset?)null;
        return new SetAsideMessage(setAside, fromQueue, id, MessageTypeOf(message.Body), failedAt, reason, applied);
    }

    private static Guid? MessageIdOf(BasicGetResult message) =>
        Guid.TryParse(message.BasicProperties.MessageId, out var id) ? id : null;

    /// <summary>The message's type from MassTransit's envelope (urn:message:Namespace:Type), without the namespace.</summary>
    private static string MessageTypeOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body);
            var urn = envelope.RootElement.GetProperty("messageType")[0].GetString() ?? "";
            return urn[(urn.LastIndexOf(':') + 1)..];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return "(not a MassTransit envelope)";
        }
    }

    private static string? Text(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value)
        ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        }
        : null;

    /// <summary>The headers the message had before it failed: without the fault's, which would follow it if it failed again.</summary>
    private static Dictionary<string, object?> WithoutFaultHeaders(IDictionary<string, object?>? headers) =>
        (headers ?? new Dictionary<string, object?>())
        .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && !h.Key.StartsWith("MT-Host-", StringComparison.Ordinal)
            && h.Key is not "MT-Reason" && !h.Key.StartsWith("x-death", StringComparison.Ordinal) && !h.Key.StartsWith("x-first-death", StringComparison.Ordinal)
            && !h.Key.StartsWith("x-last-death", StringComparison.Ordinal) && h.Key is not "x-delivery-count")
        .ToDictionary(h => h.Key, h => h.Value);
}
