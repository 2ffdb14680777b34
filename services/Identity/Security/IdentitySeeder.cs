using IdpTracker.Identity.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdpTracker.Identity.Security;

/// <summary>
/// Brings roles, clients and the first administrator in line with configuration at start-up: clients
/// follow configuration (a removed development client is deleted), and an administrator is created
/// only while no user exists.
/// </summary>
public sealed class IdentitySeeder(IServiceScopeFactory scopes, IOptions<IdentityServerOptions> options, TimeProvider clock, ILogger<IdentitySeeder> logger)
    : IHostedService
{
    /// <summary>The advisory lock key of the seeding (any number no other lock of the Identity database uses).</summary>
    private const long SeedLock = 0x1D5EED;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // Copies of Identity starting together seed one after the other, each seeing what the one before wrote (two
        // at once both created the same client and one failed to start). The lock is held by this scope's connection,
        // which every store below uses, and goes with it if the process dies.
        var db = services.GetRequiredService<Data.IdentityDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SeedLock})", cancellationToken);
        try
        {
            await SeedAsync(services, cancellationToken);
        }
        finally
        {
            // Released before the connection goes back to the pool, even when seeding failed.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SeedLock})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.People.Append(Roles.Service))
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var settings = options.Value;
        await EnsureAsync(applications, AuthorizationServer.CliClientId, settings.DevelopmentClient ? new OpenIddictApplicationDescriptor
        {
            ClientId = AuthorizationServer.CliClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Command line (development only)",
            Permissions = { Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken },
        } : null, cancellationToken);
        await EnsureAsync(applications, AuthorizationServer.WebClientId, Interactive(AuthorizationServer.WebClientId, "IdpTracker web app", settings.WebRedirectUris, settings.WebClientSecret), cancellationToken);
        await EnsureAsync(applications, AuthorizationServer.FieldAppClientId, Interactive(AuthorizationServer.FieldAppClientId, "IdpTracker field app", settings.FieldAppRedirectUris), cancellationToken);
        foreach (var client in settings.ServiceClients)
        {
            await EnsureAsync(applications, client.ClientId, new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.ClientId,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            }, cancellationToken);
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if (settings.BootstrapAdminUserName is { Length: > 0 } name && settings.BootstrapAdminPassword is { Length: > 0 } password && !users.Users.Any())
        {
            var admin = new StaffUser { UserName = name, Email = name.Contains('@') ? name : null, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded) throw new InvalidOperationException("The first administrator could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(admin, Roles.Admin);
            logger.LogInformation("Created the first administrator account {UserId}", admin.Id);
        }
    }

    /// <summary>
    /// A client that signs people in through the login page: authorization code with PKCE, then refresh tokens. Public
    /// (an app on the phone) unless it has a secret (a server that keeps the tokens for a browser).
    /// </summary>
    private static OpenIddictApplicationDescriptor? Interactive(string clientId, string name, List<string> redirectUris, string? secret = null)
    {
        if (redirectUris.Count == 0) return null;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = string.IsNullOrEmpty(secret) ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = string.IsNullOrEmpty(secret) ? null : secret,
            DisplayName = name,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris) descriptor.RedirectUris.Add(new Uri(uri));
        return descriptor;
    }

    private static async Task EnsureAsync(IOpenIddictApplicationManager applications, string clientId, OpenIddictApplicationDescriptor? wanted, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is not null) await applications.DeleteAsync(existing, cancellationToken);
        if (wanted is not null) await applications.CreateAsync(wanted, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
