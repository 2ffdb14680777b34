using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdpTracker.ServiceDefaults.Security;

public sealed class AuthOptions
{
    /// <summary>The issuer in every token: the public address of the gateway, which routes /connect to Identity.</summary>
    public string Issuer { get; set; } = "";
    /// <summary>Where this service reads the issuer's discovery document (Identity, directly).</summary>
    public string Authority { get; set; } = "";
    public string Audience { get; set; } = "idp-api";
    /// <summary>False only on a developer machine or in tests, where nothing speaks TLS.</summary>
    public bool RequireHttps { get; set; } = true;
    /// <summary>How often the list of disabled users is read from Identity.</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// The deployment's key for calls between services (base64, from the secrets file): Identity answers
    /// /internal/revocations only to a caller that sends it. Without it the endpoint answers no one.
    /// </summary>
    public string InternalApiKey { get; set; } = "";

    public const string InternalApiKeyHeader = "X-IdpTracker-Internal-Key";
}

public static class TokenValidationExtensions
{
    /// <summary>
    /// Every service validates access tokens itself (signature from Identity's published keys, issuer,
    /// audience, lifetime) and refuses tokens of users disabled since the token was issued.
    /// Every endpoint requires a signed-in caller unless it says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddTokenValidation(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.InternalApiKey) && !builder.Environment.IsDevelopment())
        {
            // Without it Identity would refuse this service the list of disabled users, and a disabled user would keep working.
            throw new InvalidOperationException("Auth__InternalApiKey is not set: run ./idp secrets (it adds the key) or set it from the deployment's secrets.");
        }
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
        builder.Services.AddSingleton<RevokedUsers>();
        builder.Services.AddHttpClient<RevocationPoller>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RevocationPoller>());

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MetadataAddress = auth.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
                options.RequireHttpsMetadata = auth.RequireHttps;
                options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    options.MetadataAddress, new IdentityKeysRetriever(auth.Authority), new HttpDocumentRetriever { RequireHttps = auth.RequireHttps })
                {
                    // Keys are read again soon after a failure, so a service started before Identity recovers by itself.
                    RefreshInterval = TimeSpan.FromSeconds(10),
                };
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuer = auth.Issuer;
                options.TokenValidationParameters.ValidAudience = auth.Audience;
                options.TokenValidationParameters.NameClaimType = ClaimNames.Subject;
                options.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedUsers>();
                        if (context.SecurityToken is JsonWebToken token && revoked.IsRevoked(token.Subject, token.IssuedAt))
                        {
                            context.Fail("The user was disabled after this token was issued.");
                        }
                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Registration, p => p.RequireRole(Roles.FieldWorker, Roles.Coordinator))
            .AddPolicy(Policies.Coordination, p => p.RequireRole(Roles.Coordinator))
            .AddPolicy(Policies.Administration, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.FieldWorker, Roles.Coordinator, Roles.Admin))
            .AddPolicy(Policies.Centres, p => p.RequireRole(Roles.Coordinator, Roles.Admin))
            .AddPolicy(Policies.Reports, p => p.RequireRole(Roles.Donor, Roles.Coordinator, Roles.Admin));
        return builder;
    }
}
