using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdpTracker.Messaging;

public static class MigrationExtensions
{
    /// <summary>
    /// `dotnet Service.dll migrate` applies the service's migrations and exits; anything else runs the service.
    /// Migrating is a deliberate step, never a side effect of starting a replica.
    /// </summary>
    public static async Task RunOrMigrateAsync<TDbContext>(this WebApplication app, string[] args) where TDbContext : DbContext
    {
        if (args.Contains("migrate"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            await db.Database.MigrateAsync();
            app.Logger.LogInformation("Migrations for {Database} applied", typeof(TDbContext).Name);
            return;
        }

        await app.RunAsync();
    }
}
