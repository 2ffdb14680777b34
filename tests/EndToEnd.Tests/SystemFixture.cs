using IdpTracker.DevMailbox;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// The whole system as `./idp run` starts it: every service as its own process on real PostgreSQL
/// and RabbitMQ, the gateway in front, and an SMTP server of the test's own for the donor e-mails.
/// Each service reaches its database through a relay, so a test can make that database unreachable.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    /// <summary>Copies of each service with a database, all behind the gateway (the web app's server runs once).</summary>
    public virtual int Replicas => 1;

    /// <summary>Quick tries of a message that cannot be applied before it is set aside; the services' own when null.</summary>
    protected virtual int? QuickRetries => null;

    /// <summary>The AMQP ports of the broker the services use: the test node's, or each node of a cluster.</summary>
    protected virtual IReadOnlyList<int> BrokerPorts => [TestServers.AmqpPort];

    /// <summary>rabbitmqctl against the broker the services use.</summary>
    public virtual Task<string> RabbitMqCtlAsync(params string[] args) => TestServers.RabbitMqCtlAsync(args);

    /// <summary>Starts a broker of the fixture's own before anything else (the test node is started by ./idp test).</summary>
    protected virtual Task StartBrokerAsync() => Task.CompletedTask;

    protected virtual Task StopBrokerAsync() => Task.CompletedTask;

    /// <summary>Each service reaches the (single) broker through a relay of its own in <see cref="BrokerRelays"/>.</summary>
    protected virtual bool RelayBroker => false;

    public const string VirtualHost = "e2e";
    public static readonly string[] DatabaseServices = ["Identity", "Registration", "Needs", "Reporting", "Notifications"];

    private readonly List<ServiceProcess> _services = [];

    public Dictionary<string, TcpRelay> DatabaseRelays { get; } = [];
    public Dictionary<string, TcpRelay> BrokerRelays { get; } = [];
    public Dictionary<string, ServiceProcess> Services { get; } = [];
    public Mailbox Mailbox { get; } = new(FreePort.Next());
    public HttpClient Gateway { get; private set; } = null!;

    public static string Database(string service) => "idp_e2e_" + service.ToLowerInvariant();

    // Fresh keys per run, as a deployment gets its own: nothing in the repository can decrypt the test data or sign a token.
    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public static readonly string WebhookSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public static readonly string InternalApiKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private static readonly string BlindIndexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public static readonly string SigningKey = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();
    private static readonly string TokenEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public const string AdminUserName = "admin@e2e.test";
    public static readonly string AdminPassword = "e2e " + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    private readonly int _gatewayPort = FreePort.Next();

    /// <summary>The issuer every token names: the gateway.</summary>
    public string Issuer => $"http://127.0.0.1:{_gatewayPort}/";
    private readonly int _identityPort = FreePort.Next();

    /// <summary>Signs in people of every role through the gateway, as a script would with the development client.</summary>
    public Accounts Accounts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mailbox.Start();
        await StartBrokerAsync();
        await TestServers.RecreateVirtualHostAsync(VirtualHost, RabbitMqCtlAsync);
        // Every service talks to the broker as its own least-privileged user, as in a deployment.
        _brokerPasswords = await TestServers.CreateServiceUsersAsync(VirtualHost, RabbitMqCtlAsync);
        foreach (var service in DatabaseServices)
        {
            await TestServers.RecreateDatabaseAsync(Database(service));
            DatabaseRelays[service] = new TcpRelay(TestServers.PostgresPort);
            if (RelayBroker) BrokerRelays[service] = new TcpRelay(BrokerPorts[0]);
        }

        await Task.WhenAll(DatabaseServices.Select(service => ServiceProcess.MigrateAsync(service, EnvironmentFor(service))));

        var ports = new Dictionary<string, int>();
        foreach (var service in DatabaseServices)
        {
            ports[service] = service == "Identity" ? _identityPort : FreePort.Next();
            Start(service, ports[service], EnvironmentFor(service));
        }
        var copies = new Dictionary<string, string>();
        for (var replica = 2; replica <= Replicas; replica++)
        {
            foreach (var service in DatabaseServices)
            {
                var port = FreePort.Next();
                Start($"{service}-{replica}", port, EnvironmentFor(service));
                copies[$"ReverseProxy__Clusters__{service.ToLowerInvariant()}__Destinations__copy{replica}__Address"] = $"http://127.0.0.1:{port}/";
            }
        }
        // The web app's server side: its own database, no broker; it reaches the APIs through the gateway.
        await TestServers.RecreateDatabaseAsync(Database("Web"));
        await ServiceProcess.MigrateAsync("Web", WebEnvironment);
        ports["Web"] = FreePort.Next();
        Start("Web", ports["Web"], WebEnvironment);

        var gatewayEnvironment = ports.ToDictionary(
            service => $"ReverseProxy__Clusters__{service.Key.ToLowerInvariant()}__Destinations__primary__Address",
            service => $"http://127.0.0.1:{service.Value}/");
        foreach (var (key, value) in copies) gatewayEnvironment[key] = value;
        gatewayEnvironment["Cors__WebOrigins__0"] = WebOrigin;
        gatewayEnvironment["Auth__RequireHttps"] = "false";
        Start("Gateway", _gatewayPort, gatewayEnvironment);

        await WaitUntilAllReadyAsync();
        Accounts = new Accounts(Services["Gateway"].BaseAddress, AdminUserName, AdminPassword);
        // Most tests act as a coordinator of Al-Hasakah governorate who also administers; the authorization tests
        // sign in as each role on its own.
        Gateway = await Accounts.ClientAsync(roles: ["coordinator", "admin"], areas: ["SY08"]);
    }

    public Task WaitUntilAllReadyAsync() =>
        Task.WhenAll(_services.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));

    private readonly Dictionary<string, (int Port, Dictionary<string, string> Environment)> _started = [];

    private void Start(string service, int port, Dictionary<string, string> environment)
    {
        var process = ServiceProcess.Start(service, port, environment);
        _services.Add(process);
        Services[service] = process;
        _started[service] = (port, environment);
    }

    /// <summary>Kills the service's process at once (SIGKILL, as kill -9): no shutdown, no flush, open transactions rolled back.</summary>
    public async Task KillAsync(string service)
    {
        var process = Services[service];
        await process.DisposeAsync();
        _services.Remove(process);
    }

    /// <summary>Runs one of a service's operator commands (`errors`...) with the service's own settings.</summary>
    public Task<string> RunCommandAsync(string service, params string[] args) =>
        ServiceProcess.RunCommandAsync(service, new Dictionary<string, string>(_started[service].Environment) { ["Logging__LogLevel__Default"] = "Warning" }, args);

    /// <summary>Starts a killed service again on the same port with the same settings, and waits until it is ready.</summary>
    /// <param name="extra">Settings for this start only (a fault point), over the service's own.</param>
    public async Task StartAgainAsync(string service, Dictionary<string, string>? extra = null, bool waitUntilReady = true)
    {
        var (port, environment) = _started[service];
        var settings = new Dictionary<string, string>(environment);
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        Start(service, port, settings);
        _started[service] = (port, environment);
        if (waitUntilReady) await Services[service].WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    private Dictionary<string, string> _brokerPasswords = [];

    public static string BrokerUser(string service) => "idp-" + service.ToLowerInvariant();

    public string BrokerPassword(string service) => _brokerPasswords[BrokerUser(service)];

    private Dictionary<string, string> EnvironmentFor(string service)
    {
        var environment = ServiceEnvironment(service);
        if (QuickRetries is { } retries) environment["Messaging__Retries"] = retries.ToString();
        // A cluster: every node named, so a service moves to another when its node goes.
        for (var i = 0; BrokerPorts.Count > 1 && i < BrokerPorts.Count; i++) environment[$"RabbitMq__Nodes__{i}"] = $"127.0.0.1:{BrokerPorts[i]}";
        return environment;
    }

    private Dictionary<string, string> ServiceEnvironment(string service) => new()
    {
        ["RabbitMq__Username"] = BrokerUser(service),
        ["RabbitMq__Password"] = _brokerPasswords[BrokerUser(service)],
        [$"ConnectionStrings__{service}"] = TestServers.ConnectionString(Database(service), DatabaseRelays[service].Port),
        ["RabbitMq__Port"] = (BrokerRelays.TryGetValue(service, out var relay) ? relay.Port : BrokerPorts[0]).ToString(),
        ["RabbitMq__VirtualHost"] = VirtualHost,
        ["Outbox__PublishTimeout"] = "00:00:03",
        ["Outbox__MaxBackoff"] = "00:00:02",
        // Backlogs measured every 2 s and warned about above 500 waiting, so a frozen consumer's is seen within a test.
        ["Backlog__Interval"] = "00:00:02",
        ["Backlog__WarnAbove"] = "500",
        ["PersonalData__EncryptionKey"] = EncryptionKey,
        ["PersonalData__BlindIndexKey"] = BlindIndexKey,
        ["OverdueFollowUp__Interval"] = "00:00:01",
        // Closed households keep their names for seconds, not 180 days, so erasure can be watched.
        ["Retention__Period"] = "00:00:03",
        ["Retention__Interval"] = "00:00:01",
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = Mailbox.Port.ToString(),
        ["Smtp__Security"] = "None",
        // Retries in seconds, not minutes, so a refused delivery can be watched coming through.
        ["Webhooks__SigningKey"] = WebhookSigningKey,
        // The test's webhook receiver listens on plain http on loopback.
        // The test's receivers listen on loopback over plain http.
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowPrivateAddresses"] = "true",
        ["Reports__PublicBaseUrl"] = $"http://127.0.0.1:{_gatewayPort}",
        ["Delivery__PollInterval"] = "00:00:01",
        ["Delivery__FirstRetryAfter"] = "00:00:01",
        ["Delivery__MaxRetryInterval"] = "00:00:02",
        // Winter rules all year round, so the expected quantities do not depend on the month the suite runs in.
        ["Needs__DefaultRules__SeasonStartMonth"] = "1",
        ["Needs__DefaultRules__SeasonEndMonth"] = "12",
        ["Needs__Jobs__ReevaluationPollInterval"] = "00:00:01",
        ["Needs__Jobs__SummaryInterval"] = "00:00:01",
        ["Auth__Issuer"] = $"http://127.0.0.1:{_gatewayPort}/",
        ["Auth__Authority"] = $"http://127.0.0.1:{_identityPort}",
        ["Auth__RequireHttps"] = "false",
        ["Auth__InternalApiKey"] = InternalApiKey,
        ["Auth__RevocationPollInterval"] = "00:00:02",
        ["Identity__Issuer"] = $"http://127.0.0.1:{_gatewayPort}/",
        ["Identity__RequireHttps"] = "false",
        ["Identity__SigningKey"] = SigningKey,
        ["Identity__EncryptionKey"] = TokenEncryptionKey,
        // The tests sign in with the command-line client's password grant, which only a Development environment allows.
        ["Identity__DevelopmentClient"] = "true",
        ["ASPNETCORE_ENVIRONMENT"] = service == "Identity" ? "Development" : "Production",
        ["Identity__BootstrapAdminUserName"] = AdminUserName,
        ["Identity__BootstrapAdminPassword"] = AdminPassword,
        ["Identity__TokenRequestsPerMinute"] = "100000",
        ["Identity__RefreshTokenReuseLeeway"] = "00:00:02",
        ["Identity__WebRedirectUris__0"] = $"http://127.0.0.1:{_gatewayPort}/bff/signed-in",
        ["Identity__WebClientSecret"] = WebClientSecret,
        ["Identity__ServiceClients__0__ClientId"] = "e2e-exporter",
        ["Identity__ServiceClients__0__Secret"] = ServiceClientSecret,
        ["Identity__ServiceClients__0__Roles__0"] = "service",
    };

    public static readonly string WebClientSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    private Dictionary<string, string> WebEnvironment => new()
    {
        ["ConnectionStrings__Web"] = TestServers.ConnectionString(Database("Web"), TestServers.PostgresPort),
        ["Web__Authority"] = $"http://127.0.0.1:{_identityPort}",
        ["Web__ApiAddress"] = $"http://127.0.0.1:{_gatewayPort}",
        ["Web__ClientSecret"] = WebClientSecret,
        ["Web__RequireHttps"] = "false",
        ["Auth__RequireHttps"] = "false",
    };

    /// <summary>The web app's origin, the only one browsers may call the API from.</summary>
    public const string WebOrigin = "http://web.e2e.test";

    public static readonly string ServiceClientSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Everything every service wrote to its console during the run.</summary>
    public IEnumerable<string> AllLogLines => _services.SelectMany(s => s.Output);

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in _services) await service.DisposeAsync();
        foreach (var relay in DatabaseRelays.Values.Concat(BrokerRelays.Values)) await relay.DisposeAsync();
        await Mailbox.DisposeAsync();
        await StopBrokerAsync();
    }
}

[CollectionDefinition(nameof(SystemCollection))]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>;
