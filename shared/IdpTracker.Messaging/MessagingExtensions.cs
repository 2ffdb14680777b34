using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using IdpTracker.ServiceDefaults;

namespace IdpTracker.Messaging;

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// The nodes of a RabbitMQ cluster ("host:port"), when there is one: the client connects to the first that answers
    /// and moves to another when its node goes. Empty for a single broker at <see cref="Host"/>:<see cref="Port"/>.
    /// </summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>
    /// How often client and broker show each other they are alive. A connection on which the broker has gone silent (a
    /// network path that drops packets) is given up after two missed beats and opened again; with RabbitMQ's default of
    /// 60 s a silent broker went unnoticed, and readiness stayed green, for two minutes.
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A plain RabbitMQ client connection to the broker or cluster (operator commands, backlog readings).</summary>
    public Task<RabbitMQ.Client.IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken)
    {
        var endpoints = Nodes.Count == 0
            ? [new RabbitMQ.Client.AmqpTcpEndpoint(Host, Port)]
            : Nodes.Select(n => n.Split(':')).Select(p => new RabbitMQ.Client.AmqpTcpEndpoint(p[0], p.Length > 1 ? int.Parse(p[1]) : 5672)).ToList();
        return new RabbitMQ.Client.ConnectionFactory
        {
            VirtualHost = VirtualHost, UserName = Username, Password = Password, ClientProvidedName = purpose,
            RequestedHeartbeat = Heartbeat,
        }.CreateConnectionAsync(endpoints, cancellationToken);
    }
}

public static class MessagingExtensions
{
    /// <summary>Statements each database connection keeps prepared (Npgsql prepares those used at least five times).</summary>
    public const int AutoPrepared = 64;

    /// <summary>How often a message is tried again while the database cannot be reached: about three hours.</summary>
    public const int UnreachableRetries = 180;

    /// <summary>
    /// Registers the service's database (PostgreSQL through EF Core) with the outbox wake-up
    /// interceptor and a readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        // A service runs the same few dozen statements again and again (a registration's inserts, a batch of events'
        // reads and upserts). Prepared once per connection, PostgreSQL no longer parses and plans each of them every
        // time: about a third less of its CPU per household registered (docs/benchmarks/README.md, item 21).
        // A connection string that sets Max Auto Prepare keeps its own value (0 turns it off).
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) connection.MaxAutoPrepare = AutoPrepared;
        // Whatever else reads this connection string (Reporting's Hangfire storage) shares the same pool, and its limit.
        builder.Configuration[$"ConnectionStrings:{connectionName}"] = connection.ConnectionString;

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContext<TDbContext>((services, options) => options
            .UseNpgsql(connection.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<OutboxSignalInterceptor>(), UtcTimestampInterceptor.Instance));

        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>("database", tags: ["ready"], customTestQuery: DatabaseAnswersAsync);
        return builder;
    }

    /// <summary>
    /// Asks the database something, briefly. Opening a pooled connection proves nothing: a database that stopped
    /// answering (a network path that drops packets) still hands out the connections it opened before.
    /// </summary>
    private static async Task<bool> DatabaseAnswersAsync<TDbContext>(TDbContext db, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// MassTransit on RabbitMQ with durable quorum queues, publisher confirms, retries with backoff
    /// then the endpoint's _error queue, plus the outbox dispatcher and the inbox cleanup for <typeparamref name="TDbContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TDbContext : DbContext
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        FaultPoint.Arm(builder.Configuration["Faults:Point"]);
        // Tries of a message that fails for another reason than an unreachable database, before it is set aside.
        var quickRetries = builder.Configuration.GetValue("Messaging:Retries", 6);
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddSingleton<BrokerConnection>();
        builder.Services.AddHostedService<OutboxDispatcher<TDbContext>>();
        builder.Services.Configure<InboxOptions>(builder.Configuration.GetSection("Inbox"));
        builder.Services.AddHostedService<InboxCleanup<TDbContext>>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.5 reports usage to its vendor over the internet by default. A system holding data of people
            // in danger makes no outbound call nobody asked for.
            bus.DisableUsageTelemetry();
            addConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, queueName, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    rabbitEndpoint.SetQuorumQueue();
                    // A message that keeps killing its consumer process (so never reaches MassTransit's own
                    // retry and _error queue) is moved aside after this many deliveries instead of looping.
                    // RabbitMQ 3.10 sets no limit by default, and without a dead-letter queue it would drop it.
                    rabbitEndpoint.SetQueueArgument("x-delivery-limit", 20);
                    rabbitEndpoint.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
                    rabbitEndpoint.SetQueueArgument("x-overflow", "reject-publish");
                    // Quorum like the queue it serves: a classic queue lives on one node, and while that node is down
                    // in a cluster the endpoint could not even be declared.
                    rabbitEndpoint.BindDeadLetterQueue(queueName + "_dead", queueName + "_dead", dead => dead.SetQuorumQueue());
                }
                // A message that fails every retry is kept in the endpoint's _error queue for an operator. No Fault<T> is
                // published besides: nothing consumes one, and each service's broker user may not bind fault exchanges.
                endpoint.PublishFaults = false;
                // A database that cannot be reached says nothing about the message: it is waited for (about three hours,
                // a minute apart at most), never moved aside, so an outage ends with every message applied and no
                // _error queue for an operator to sort out. The broker's consumer timeout is set longer than this wait.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(TransientFailures.IsUnreachable);
                    retry.Exponential(retryLimit: UnreachableRetries, minInterval: TimeSpan.FromSeconds(1), maxInterval: TimeSpan.FromMinutes(1),
                        intervalDelta: TimeSpan.FromSeconds(2));
                });
                // Any other failure is tried a few times more (a race lost twice, a bug that a fresh read avoids), then the
                // message waits in the _error queue with its reason (./idp errors lists it and moves it back).
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(TransientFailures.IsUnreachable);
                    retry.Exponential(retryLimit: quickRetries, minInterval: TimeSpan.FromMilliseconds(200), maxInterval: TimeSpan.FromSeconds(30),
                        intervalDelta: TimeSpan.FromMilliseconds(500));
                });
            });
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                    host.PublisherConfirmation = true;
                    host.Heartbeat(rabbit.Heartbeat);
                    if (rabbit.Nodes.Count > 0) host.UseCluster(cluster => rabbit.Nodes.ForEach(cluster.Node));
                });
                // Measured fastest for quorum queues on a 2-core host.
                cfg.PrefetchCount = 64;
                cfg.ConcurrentMessageLimit = 16;
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSingleton(rabbit);
        IReadOnlyList<ConsumerQueue> queues = builder.Services
            .Select(d => d.ServiceType)
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t) && t.Namespace?.StartsWith("IdpTracker.") == true)
            .Distinct().Select(ConsumerQueue.For).ToList();
        builder.Services.AddSingleton(queues);
        builder.Services.Configure<BacklogOptions>(builder.Configuration.GetSection("Backlog"));
        builder.Services.AddSingleton<BacklogMonitor<TDbContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BacklogMonitor<TDbContext>>());
        builder.Services.AddHealthChecks().AddCheck<BacklogMonitor<TDbContext>>("backlog", tags: ["backlog"]);
        return builder;
    }
}
