using System.Diagnostics;
using Npgsql;

namespace IdpTracker.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ that `./idp test` starts (deploy/local/servers.sh, profile "test").
/// Ports can be overridden through the environment.
/// </summary>
public static class TestServers
{
    public static int PostgresPort => EnvInt("IDP_TEST_PG_PORT", 26432);
    public static int AmqpPort => EnvInt("IDP_TEST_AMQP_PORT", 26672);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ConnectionString(string database, int? port = null) =>
        $"Host=127.0.0.1;Port={port ?? PostgresPort};Database={database};Username=postgres;Timeout=5;Command Timeout=30;Maximum Pool Size=20";

    /// <summary>Drops and recreates a database, so every run starts from nothing.</summary>
    public static async Task RecreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection)) await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
        // Pooled connections to the dropped database were terminated; never hand them out again.
        NpgsqlConnection.ClearAllPools();
    }

    public static async Task<T> ScalarAsync<T>(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    /// <summary>rabbitmqctl against the test node, as the user and HOME the node runs with.</summary>
    public static Task<string> RabbitMqCtlAsync(params string[] args) => ServersAsync(["rabbitmqctl", "test", .. args]);

    /// <summary>deploy/local/servers.sh as an operator runs it (start, crash, cluster...).</summary>
    /// <returns>What it printed.</returns>
    public static async Task<string> ServersAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoRoot, "deploy", "local", "servers.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"servers.sh {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>A fresh virtual host: queues left by an earlier run cannot leak into this one.</summary>
    /// <param name="ctl">rabbitmqctl of another broker (a cluster's); the test node's when null.</param>
    public static async Task RecreateVirtualHostAsync(string vhost, Func<string[], Task<string>>? ctl = null)
    {
        ctl ??= RabbitMqCtlAsync;
        try { await ctl(["delete_vhost", vhost]); } catch (InvalidOperationException) { /* did not exist */ }
        await ctl(["add_vhost", vhost]);
        await ctl(["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]);
    }

    /// <summary>
    /// Each service's broker user of deploy/rabbitmq/permissions.tsv, with a fresh password and its permissions on the
    /// virtual host: the services then run with exactly the rights a deployment gives them.
    /// </summary>
    /// <returns>The password of each user ("idp-registration"...).</returns>
    public static async Task<Dictionary<string, string>> CreateServiceUsersAsync(string vhost, Func<string[], Task<string>>? ctl = null)
    {
        ctl ??= RabbitMqCtlAsync;
        var passwords = new Dictionary<string, string>();
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepoRoot, "deploy", "rabbitmq", "permissions.tsv"));
        foreach (var fields in lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')))
        {
            var (user, password) = (fields[0], Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            try { await ctl(["delete_user", user]); } catch (InvalidOperationException) { /* did not exist */ }
            await ctl(["add_user", user, password]);
            await ctl(["set_permissions", "-p", vhost, user, fields[1], fields[2], fields[3]]);
            passwords[user] = password;
        }
        return passwords;
    }

    /// <summary>Total ready and unacknowledged messages in every queue of a virtual host.</summary>
    public static async Task<int> MessagesInFlightAsync(string vhost)
    {
        var output = await RabbitMqCtlAsync("list_queues", "-q", "--no-table-headers", "-p", vhost, "messages_ready", "messages_unacknowledged");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries))
            .Sum(int.Parse);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IdpTracker.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find IdpTracker.sln above " + AppContext.BaseDirectory);
    }
}
