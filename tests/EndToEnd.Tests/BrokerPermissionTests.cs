using System.Text;
using IdpTracker.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// The services run as their own broker users (deploy/rabbitmq/permissions.tsv): everything else in this suite passing
/// shows those rights are enough; these tests show they are no more. A service taken over cannot forge another
/// service's events nor read the queues of another.
/// </summary>
[Collection(nameof(SystemCollection))]
public class BrokerPermissionTests(SystemFixture system)
{
    [Theory]
    [InlineData("Notifications", "IdpTracker.Contracts.Registration:HouseholdArrived")]
    [InlineData("Reporting", "IdpTracker.Contracts.Needs:CenterNeedsSummarized")]
    [InlineData("Identity", "IdpTracker.Contracts.Registration:CenterOpened")]
    public async Task A_service_cannot_publish_another_services_events(string service, string exchange)
    {
        await using var connection = await ConnectAsAsync(service);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

        var refused = await Record.ExceptionAsync(async () =>
            await channel.BasicPublishAsync(exchange, "", Encoding.UTF8.GetBytes("{}")));

        Assert.True(refused is OperationInterruptedException or AlreadyClosedException or PublishException, $"published to {exchange}: {refused}");
        Assert.Contains("ACCESS_REFUSED", refused!.Message + refused.InnerException?.Message + channel.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_cannot_read_another_services_queue()
    {
        await using var connection = await ConnectAsAsync("Notifications");
        await using var channel = await connection.CreateChannelAsync();

        var refused = await Record.ExceptionAsync(async () => await channel.BasicGetAsync("assess-household-needs", autoAck: false));

        Assert.IsType<OperationInterruptedException>(refused);
        Assert.Contains("ACCESS_REFUSED", refused.Message, StringComparison.Ordinal);
    }

    private async Task<IConnection> ConnectAsAsync(string service) => await new ConnectionFactory
    {
        HostName = "127.0.0.1", Port = TestServers.AmqpPort, VirtualHost = SystemFixture.VirtualHost,
        UserName = SystemFixture.BrokerUser(service), Password = system.BrokerPassword(service),
    }.CreateConnectionAsync();
}
