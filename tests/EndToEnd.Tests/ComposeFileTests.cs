using IdpTracker.Testing;
using YamlDotNet.RepresentationModel;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>docker-compose.yml cannot run on a machine without Docker; it is at least read and checked.</summary>
public class ComposeFileTests
{
    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestServers.RepoRoot, "docker-compose.yml"));
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        return (YamlMappingNode)root.Children[new YamlScalarNode("services")];
    }

    [Fact]
    public void Compose_runs_every_service_with_official_postgres_and_rabbitmq_images()
    {
        var services = Services();
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();

        foreach (var expected in new[] { "postgres", "rabbitmq", "gateway", "identity", "registration", "needs", "reporting", "notifications" })
        {
            Assert.Contains(expected, names);
        }
        Assert.StartsWith("postgres:", ((YamlScalarNode)((YamlMappingNode)services.Children[new YamlScalarNode("postgres")]).Children[new YamlScalarNode("image")]).Value);
        Assert.StartsWith("rabbitmq:", ((YamlScalarNode)((YamlMappingNode)services.Children[new YamlScalarNode("rabbitmq")]).Children[new YamlScalarNode("image")]).Value);
    }

    private static readonly string[] Backends = ["identity", "registration", "needs", "reporting", "notifications"];

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services().Children[new YamlScalarNode(name)];

    /// <summary>A service's environment with what it merges in (<c>&lt;&lt;: *auth</c>).</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var environment = (YamlMappingNode)Service(service).Children[new YamlScalarNode("environment")];
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in environment.Children)
        {
            if (((YamlScalarNode)key).Value == "<<") foreach (var (k, v) in ((YamlMappingNode)value).Children) values[((YamlScalarNode)k).Value!] = ((YamlScalarNode)v).Value!;
        }
        foreach (var (key, value) in environment.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            values[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value ?? "";
        }
        return values;
    }

    [Fact]
    public void Every_service_in_compose_gets_its_database_and_the_broker_from_the_environment()
    {
        foreach (var service in Backends)
        {
            var keys = Environment(service).Keys;
            Assert.Contains(keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
            Assert.Contains("RabbitMq__Host", keys);
        }
    }

    [Fact]
    public void Each_service_reaches_the_broker_as_its_own_user_and_the_broker_shows_nothing_outside()
    {
        var users = File.ReadAllLines(Path.Combine(TestServers.RepoRoot, "deploy", "rabbitmq", "permissions.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToHashSet();

        var used = Backends.Select(s => Environment(s)["RabbitMq__Username"]).ToList();

        Assert.Equal(Backends.Length, used.Distinct().Count());
        Assert.All(used, user => Assert.Contains(user, users));
        Assert.All(Backends, s => Assert.StartsWith("${RABBITMQ_PASSWORD_", Environment(s)["RabbitMq__Password"], StringComparison.Ordinal));
        var rabbitmq = Service("rabbitmq");
        Assert.False(rabbitmq.Children.ContainsKey(new YamlScalarNode("ports")), "the broker publishes a port");
        Assert.DoesNotContain("management", ((YamlScalarNode)rabbitmq.Children[new YamlScalarNode("image")]).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_believe_forwarded_headers_from_the_gateways_address_only()
    {
        var gateway = (YamlMappingNode)((YamlMappingNode)Service("gateway").Children[new YamlScalarNode("networks")]).Children[new YamlScalarNode("default")];
        var address = ((YamlScalarNode)gateway.Children[new YamlScalarNode("ipv4_address")]).Value;

        Assert.All(Backends, s =>
        {
            Assert.Equal(address, Environment(s)["ForwardedHeaders__KnownProxies__0"]);
            Assert.Equal("false", Environment(s)["ForwardedHeaders__FromLoopback"]);
        });
    }
}
