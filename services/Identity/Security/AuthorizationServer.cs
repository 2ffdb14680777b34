using System.Security.Cryptography;
using IdpTracker.Identity.Data;
using Microsoft.IdentityModel.Tokens;

namespace IdpTracker.Identity.Security;

public sealed class IdentityServerOptions
{
    /// <summary>The public address tokens name as their issuer (the gateway).</summary>
    public string Issuer { get; set; } = "";
    /// <summary>RSA private key (PEM) that signs tokens. From the environment or a secrets file, never the repository.</summary>
    public string SigningKey { get; set; } = "";
    /// <summary>256-bit key (base64) that encrypts refresh tokens and authorization codes.</summary>
    public string EncryptionKey { get; set; } = "";
    public bool RequireHttps { get; set; } = true;
    /// <summary>Enables the public "idp-cli" client (password grant) so scripts can get a token. Never in production.</summary>
    public bool DevelopmentClient { get; set; }
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Field devices go offline for days: a refresh token lasts two weeks and is replaced on every use.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
    /// <summary>
    /// A used refresh token is accepted again only this briefly: long enough for a phone that lost the answer on a
    /// bad network to retry, short enough that a stolen, already used token is refused (and its chain revoked).
    /// </summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);
    public int TokenRequestsPerMinute { get; set; } = 30;
    /// <summary>Created at start-up when no user exists yet, so a fresh installation can be administered.</summary>
    public string? BootstrapAdminUserName { get; set; }
    public string? BootstrapAdminPassword { get; set; }
    /// <summary>Systems that call with client credentials, each with its secret and roles.</summary>
    public List<ServiceClient> ServiceClients { get; set; } = [];
    /// <summary>Where the web app ("idp-web") may receive an authorization code.</summary>
    public List<string> WebRedirectUris { get; set; } = [];
    /// <summary>
    /// The web app's secret: its server side keeps the tokens (backend for frontend) and proves who it is with this, so
    /// a code or refresh token taken from a browser is worth nothing without it. Empty: the web app is a public client.
    /// </summary>
    public string? WebClientSecret { get; set; }
    /// <summary>Where the field app ("idp-field") may receive an authorization code (its own URI scheme on the phone).</summary>
    public List<string> FieldAppRedirectUris { get; set; } = ["org.idptracker.field:/signed-in"];
}

public sealed class ServiceClient
{
    public string ClientId { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> Roles { get; set; } = [];
}

public static class AuthorizationServer
{
    public const string CliClientId = "idp-cli";
    public const string FieldAppClientId = "idp-field";
    public const string WebClientId = "idp-web";
    /// <summary>The cookie that remembers, at Identity only, who signed in on the login page.</summary>
    public const string LoginScheme = "idp-login";
    public const string Audience = "idp-api";

    /// <summary>
    /// OpenIddict as the token server: authorization code with PKCE (S256), refresh and client credentials grants, and the
    /// password grant only for the development client, which only a Development environment may switch on.
    /// </summary>
    public static IHostApplicationBuilder AddAuthorizationServer(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Identity");
        builder.Services.Configure<IdentityServerOptions>(section);
        var options = section.Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        if (options.DevelopmentClient && !builder.Environment.IsDevelopment())
        {
            // The password grant hands a token to anything that holds a password: tolerable on a developer's machine only.
            throw new InvalidOperationException(
                "Identity__DevelopmentClient turns on the password grant; it is allowed only with ASPNETCORE_ENVIRONMENT=Development.");
        }

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(Required(options.Issuer, "Identity__Issuer")));
                server.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetRevocationEndpointUris("connect/revoke");
                server.AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                if (options.DevelopmentClient) server.AllowPasswordFlow();
                // PKCE with S256 only: "plain" sends the verifier's equal in the authorization request, where it can leak.
                server.Configure(o =>
                {
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Sha256);
                });
                server.RegisterScopes(OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .SetRefreshTokenReuseLeeway(options.RefreshTokenReuseLeeway);
                server.AddSigningKey(SigningKey(Required(options.SigningKey, "Identity__SigningKey")));
                server.AddEncryptionKey(new SymmetricSecurityKey(Convert.FromBase64String(Required(options.EncryptionKey, "Identity__EncryptionKey"))));
                // Services validate access tokens themselves from the published keys: signed, not encrypted.
                server.DisableAccessTokenEncryption();
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
                if (!options.RequireHttps) aspNetCore.DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication().AddCookie(LoginScheme, cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.Cookie.Name = "idp.login";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        builder.Services.AddAntiforgery();
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddHostedService<IdentitySeeder>();
        return builder;
    }

    /// <summary>A new signing key (PEM, newlines written as \n so it fits on one line) and encryption key.</summary>
    public static string NewKeysAsEnvironment()
    {
        using var rsa = RSA.Create(3072);
        return $"Identity__SigningKey={rsa.ExportRSAPrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal)}\n" +
               $"Identity__EncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}";
    }

    private static RsaSecurityKey SigningKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal));
        // A key id derived from the key itself stays the same across restarts and instances.
        var id = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        return new RsaSecurityKey(rsa) { KeyId = id };
    }

    private static string Required(string value, string variable) => string.IsNullOrWhiteSpace(value)
        ? throw new InvalidOperationException($"{variable} is not set. Identity's keys come from the environment or a secrets file, never from the repository.")
        : value;
}
