using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpTracker.Registration.Tests;

/// <summary>A freshly migrated Registration database of a test's own, for the scheduled jobs that work on it.</summary>
public sealed class RegistrationDatabase(string name) : IAsyncDisposable
{
    private IHost _host = null!;

    public IServiceProvider Services => _host.Services;

    public async Task CreateAsync()
    {
        await TestServers.RecreateDatabaseAsync(name);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Registration"] = TestServers.ConnectionString(name);
        builder.AddServiceDatabase<RegistrationDbContext>("Registration");
        _host = builder.Build();
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegistrationDbContext>().Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        return ValueTask.CompletedTask;
    }
}
