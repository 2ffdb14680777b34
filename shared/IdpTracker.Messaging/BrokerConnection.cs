using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace IdpTracker.Messaging;

/// <summary>
/// Drops the service's broker connection so that MassTransit opens a new one, with new channels.
/// </summary>
/// <remarks>
/// In a RabbitMQ 3.10 cluster a channel remembers, for each quorum queue it publishes to, the node leading that queue.
/// When that node dies, a channel on a surviving node can go on sending to the dead leader: its publishes are never
/// confirmed, or all rejected, for as long as the channel lives, while the connection itself looks healthy. Only a new
/// channel starts from the queue's current leader. Consumers on the dropped connection lose nothing: their unacknowledged
/// messages return to their queues and the inbox drops any copy already applied.
/// </remarks>
public sealed class BrokerConnection(IBusInstance bus, ILogger<BrokerConnection> logger)
{
    public async Task ReconnectAsync(string reason, CancellationToken cancellationToken)
    {
        if (bus.HostConfiguration is not IRabbitMqHostConfiguration rabbit) return;

        logger.LogWarning("Dropping the broker connection for a new one: {Reason}", reason);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await rabbit.ConnectionContextSupervisor.Send(Pipe.ExecuteAsync<ConnectionContext>(context =>
                context.Connection.AbortAsync(Constants.ConnectionForced, reason, TimeSpan.FromSeconds(5))), timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // No connection to drop (the broker is unreachable): MassTransit is already connecting again.
            logger.LogInformation("No broker connection to drop: {Reason}", ex.Message);
        }
    }
}
