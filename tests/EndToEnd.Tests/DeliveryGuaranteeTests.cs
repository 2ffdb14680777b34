using System.Net;
using System.Net.Http.Json;
using IdpTracker.Contracts.Registration;
using IdpTracker.Testing;
using MassTransit;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class DeliveryGuaranteeTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_registration_made_while_the_broker_is_down_commits_and_its_event_arrives_after_the_broker_returns()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Zouhour school 2");
        await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}") is not null, Wait, "the centre to reach Needs");
        var id = Guid.NewGuid();

        await TestServers.RabbitMqCtlAsync("stop_app");
        try
        {
            using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}",
                Api.Household(centerId, Api.Member("female", Api.Born(27), "head"), Api.Member("female", Api.Born(1), "child")));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);

            var waiting = await TestServers.ScalarAsync<long>(SystemFixture.Database("Registration"),
                "SELECT count(*) FROM outbox_message WHERE body->>'householdId' = @id", ("id", id.ToString()));
            Assert.Equal(1, waiting);
            Assert.NotNull(await system.Gateway.GetJsonOrNullAsync($"api/households/{id}"));
        }
        finally
        {
            await TestServers.RabbitMqCtlAsync("start_app");
        }

        var needs = await Eventually.Get(() => system.Gateway.GetJsonOrNullAsync($"api/needs/households/{id}"), Wait, "needs after the broker returned");
        Assert.Equal(3, needs.Int("blankets"));
        await Eventually.True(async () => await TestServers.ScalarAsync<long>(SystemFixture.Database("Registration"),
            "SELECT count(*) FROM outbox_message") == 0, Wait, "the registration outbox to drain");
        await system.WaitUntilAllReadyAsync();
    }

    [Fact]
    public async Task The_same_event_delivered_twice_changes_needs_and_reporting_once()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Ghuwayran tent site");
        var householdId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var arrival = new HouseholdArrived(householdId, centerId, DateTimeOffset.UtcNow, 1,
        [
            new ArrivedMember(Guid.NewGuid(), "male", Api.Born(50), false, true),
            new ArrivedMember(Guid.NewGuid(), "female", Api.Born(45), false, false),
            new ArrivedMember(Guid.NewGuid(), "female", Api.Born(20), false, false),
        ]);

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host("127.0.0.1", (ushort)TestServers.AmqpPort, SystemFixture.VirtualHost, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            // A redelivery as RabbitMQ makes it after a crash between commit and acknowledgement: same MessageId.
            await bus.Publish(arrival, context => context.MessageId = messageId);
            await bus.Publish(arrival, context => context.MessageId = messageId);
        }
        finally
        {
            await bus.StopAsync();
        }

        await Eventually.Get(() => system.Gateway.GetJsonOrNullAsync($"api/needs/households/{householdId}"), Wait, "needs");
        await Eventually.True(async () =>
            await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}") is { } f && f.Int("people") > 0, Wait, "figures");
        await Eventually.True(async () => await TestServers.MessagesInFlightAsync(SystemFixture.VirtualHost) == 0, Wait, "both copies to be acknowledged");

        var figures = (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}"))!;
        Assert.Equal(3, figures.Int("people"));
        Assert.Equal(1, figures.Int("households"));
        var center = (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}"))!;
        Assert.Equal(1, center.Int("households"));
        Assert.Equal(3, center.Int("winterization.blankets"));
        foreach (var service in new[] { "Needs", "Reporting" })
        {
            var applied = await TestServers.ScalarAsync<long>(SystemFixture.Database(service),
                "SELECT count(*) FROM inbox_state WHERE message_id = @id", ("id", messageId));
            Assert.Equal(1, applied);
        }
    }
}
