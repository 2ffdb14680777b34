using IdpTracker.DevMailbox;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// The whole system as `./idp run` starts it: every service as its own process on real PostgreSQL
/// and RabbitMQ, the gateway in front, and an SMTP server of the test's own for the donor e-mails.
/// Each service reaches its database through a relay, so a test can make that database unreachable.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string VirtualHost = "e2e";
    public static readonly string[] DatabaseServices = ["Identity", "Registration", "Needs", "Reporting", "Notifications"];

    private readonly List<ServiceProcess> _services = [];

    public Dictionary<string, TcpRelay> DatabaseRelays { get; } = [];
    public Dictionary<string, ServiceProcess> Services { get; } = [];
    public Mailbox Mailbox { get; } = new(FreePort.Next());
    public HttpClient Gateway { get; private set; } = null!;

    public static string Database(string service) => "idp_e2e_" + service.ToLowerInvariant();

    // Fresh keys per run, as a deployment gets its own: nothing in the repository can decrypt the test data.
    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private static readonly string BlindIndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        Mailbox.Start();
        await TestServers.RecreateVirtualHostAsync(VirtualHost);
        foreach (var service in DatabaseServices)
        {
            await TestServers.RecreateDatabaseAsync(Database(service));
            DatabaseRelays[service] = new TcpRelay(TestServers.PostgresPort);
        }

        await Task.WhenAll(DatabaseServices.Select(service => ServiceProcess.MigrateAsync(service, EnvironmentFor(service))));

        var ports = new Dictionary<string, int>();
        foreach (var service in DatabaseServices)
        {
            ports[service] = FreePort.Next();
            Start(service, ports[service], EnvironmentFor(service));
        }
        var gatewayEnvironment = DatabaseServices.ToDictionary(
            service => $"ReverseProxy__Clusters__{service.ToLowerInvariant()}__Destinations__primary__Address",
            service => $"http://127.0.0.1:{ports[service]}/");
        Start("Gateway", FreePort.Next(), gatewayEnvironment);

        await WaitUntilAllReadyAsync();
        Gateway = new HttpClient { BaseAddress = Services["Gateway"].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task WaitUntilAllReadyAsync() =>
        Task.WhenAll(_services.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));

    private void Start(string service, int port, Dictionary<string, string> environment)
    {
        var process = ServiceProcess.Start(service, port, environment);
        _services.Add(process);
        Services[service] = process;
    }

    private Dictionary<string, string> EnvironmentFor(string service) => new()
    {
        [$"ConnectionStrings__{service}"] = TestServers.ConnectionString(Database(service), DatabaseRelays[service].Port),
        ["RabbitMq__Port"] = TestServers.AmqpPort.ToString(),
        ["RabbitMq__VirtualHost"] = VirtualHost,
        ["Outbox__PublishTimeout"] = "00:00:03",
        ["Outbox__MaxBackoff"] = "00:00:02",
        ["PersonalData__EncryptionKey"] = EncryptionKey,
        ["PersonalData__BlindIndexKey"] = BlindIndexKey,
        ["OverdueFollowUp__Interval"] = "00:00:01",
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = Mailbox.Port.ToString(),
        ["Smtp__Security"] = "None",
        // Winter rules all year round, so the expected quantities do not depend on the month the suite runs in.
        ["Needs__DefaultRules__SeasonStartMonth"] = "1",
        ["Needs__DefaultRules__SeasonEndMonth"] = "12",
    };

    /// <summary>Everything every service wrote to its console during the run.</summary>
    public IEnumerable<string> AllLogLines => _services.SelectMany(s => s.Output);

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in _services) await service.DisposeAsync();
        foreach (var relay in DatabaseRelays.Values) await relay.DisposeAsync();
        await Mailbox.DisposeAsync();
    }
}

[CollectionDefinition(nameof(SystemCollection))]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>;
