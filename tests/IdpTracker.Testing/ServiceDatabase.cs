using IdpTracker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.Testing;

/// <summary>
/// A freshly migrated database of a test's own, for the scheduled jobs and rules that work on it; its contexts read the
/// time from <paramref name="clock"/> (the system's when none is given), as the test's jobs do.
/// </summary>
/// <param name="services">What else the code under test needs from the container (its own services, options).</param>
public sealed class ServiceDatabase<TDbContext>(string name, string connectionName, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    : IAsyncDisposable where TDbContext : DbContext
{
    private IHost _host = null!;

    public IServiceProvider Services => _host.Services;

    public async Task CreateAsync()
    {
        await TestServers.RecreateDatabaseAsync(name);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{connectionName}"] = TestServers.ConnectionString(name);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.AddServiceDatabase<TDbContext>(connectionName);
        services?.Invoke(builder.Services);
        _host = builder.Build();
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TDbContext>().Database.MigrateAsync();
    }

    /// <summary>A context of its own, as a request or a consumer would have.</summary>
    public async Task<T> WithContextAsync<T>(Func<TDbContext, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        return ValueTask.CompletedTask;
    }
}
