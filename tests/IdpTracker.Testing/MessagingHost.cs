using IdpTracker.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.Testing;

/// <summary>
/// A small service of a test's own: a DbContext with the outbox and inbox on a fresh database, consumers on a fresh
/// virtual host of the real RabbitMQ, set up the way the services set themselves up.
/// </summary>
public static class MessagingHost
{
    public static async Task<IHost> StartAsync<TDbContext>(
        string database, string virtualHost, Action<IBusRegistrationConfigurator> consumers, Func<TDbContext, Task> createSchema,
        IDictionary<string, string?>? settings = null)
        where TDbContext : DbContext
    {
        await TestServers.RecreateDatabaseAsync(database);
        await TestServers.RecreateVirtualHostAsync(virtualHost);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Test"] = TestServers.ConnectionString(database),
            ["RabbitMq:Port"] = TestServers.AmqpPort.ToString(),
            ["RabbitMq:VirtualHost"] = virtualHost,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<TDbContext>("Test");
        builder.AddMessaging<TDbContext>(consumers);
        var host = builder.Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await createSchema(scope.ServiceProvider.GetRequiredService<TDbContext>());
        }
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return host;
    }
}
