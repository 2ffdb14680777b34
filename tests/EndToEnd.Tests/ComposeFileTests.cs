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

    [Fact]
    public void Every_service_in_compose_gets_its_database_and_the_broker_from_the_environment()
    {
        var services = Services();
        foreach (var service in new[] { "identity", "registration", "needs", "reporting", "notifications" })
        {
            var definition = (YamlMappingNode)services.Children[new YamlScalarNode(service)];
            var environment = (YamlMappingNode)definition.Children[new YamlScalarNode("environment")];
            var keys = environment.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
            Assert.Contains(keys, k => k!.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
            Assert.Contains("RabbitMq__Host", keys);
        }
    }
}
