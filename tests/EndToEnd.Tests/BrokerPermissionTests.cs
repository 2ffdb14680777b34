using System.Net.Http.Json;
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

    [Fact]
    public async Task A_message_no_consumer_can_apply_waits_in_the_error_queue_and_the_services_go_on()
    {
        // Published as Registration's exchange would carry it, but with no members: applying it throws in every try.
        var householdId = Guid.NewGuid();
        var envelope = $$"""
            { "messageId": "{{Guid.NewGuid()}}", "messageType": ["urn:message:IdpTracker.Contracts.Registration:HouseholdArrived"],
              "message": { "householdId": "{{householdId}}", "centerId": "{{Guid.NewGuid()}}", "arrivedAt": "2026-11-20T10:00:00Z", "version": 1, "members": null } }
            """;
        await using (var connection = await new ConnectionFactory
                     {
                         HostName = "127.0.0.1", Port = TestServers.AmqpPort, VirtualHost = SystemFixture.VirtualHost, UserName = "guest", Password = "guest",
                     }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.BasicPublishAsync("IdpTracker.Contracts.Registration:HouseholdArrived", "", mandatory: false,
                new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true }, Encoding.UTF8.GetBytes(envelope));
        }

        try
        {
            // Retried with backoff (about half a minute), then set aside for an operator, under the service's own broker user.
            await Eventually.True(async () => (await TestServers.RabbitMqCtlAsync("list_queues", "-q", "--no-table-headers", "-p", SystemFixture.VirtualHost, "name", "messages"))
                    .Split('\n').Any(line => line.StartsWith("project-arrival_error", StringComparison.Ordinal) && !line.TrimEnd().EndsWith("\t0", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(120), "the message to reach Reporting's error queue");

            var centre = await system.Gateway.CreateCenterAsync("After the poison school");
            var after = Guid.NewGuid();
            (await system.Gateway.PutAsJsonAsync($"api/households/{after}", Api.Household(centre, Api.Member("female", Api.Born(30), "head")))).EnsureSuccessStatusCode();
            await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/households/{after}") is not null,
                TimeSpan.FromSeconds(30), "the next family to be assessed as usual");
        }
        finally
        {
            // Set aside on purpose: emptied, so the other tests' "nothing left in a queue" waits hold.
            foreach (var queue in new[] { "project-arrival_error", "assess-household-needs_error", "find-duplicates_error" })
            {
                try { await TestServers.RabbitMqCtlAsync("purge_queue", "-p", SystemFixture.VirtualHost, queue); } catch (InvalidOperationException) { /* never made */ }
            }
        }
    }

    private async Task<IConnection> ConnectAsAsync(string service) => await new ConnectionFactory
    {
        HostName = "127.0.0.1", Port = TestServers.AmqpPort, VirtualHost = SystemFixture.VirtualHost,
        UserName = SystemFixture.BrokerUser(service), Password = system.BrokerPassword(service),
    }.CreateConnectionAsync();
}
