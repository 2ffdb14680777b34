using IdpTracker.Messaging;
using IdpTracker.Web.Apis;
using IdpTracker.Web.Data;
using IdpTracker.Web.Sessions;
using Microsoft.AspNetCore.DataProtection;

namespace IdpTracker.Web;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Web");
        builder.Services.Configure<WebOptions>(section);
        var options = section.Get<WebOptions>() ?? new WebOptions();
        if (string.IsNullOrWhiteSpace(options.ClientSecret) || string.IsNullOrWhiteSpace(options.Authority) || string.IsNullOrWhiteSpace(options.ApiAddress))
        {
            throw new InvalidOperationException("Web__Authority, Web__ApiAddress and Web__ClientSecret must be set (./idp secrets makes the secret; Identity__WebClientSecret is the same).");
        }

        builder.AddServiceDatabase<WebDbContext>("Web");
        // Cookies and the tokens kept for each session are encrypted with keys kept in the database: a restart or a
        // second replica does not sign anyone out.
        builder.Services.AddDataProtection().SetApplicationName("IdpTracker.Web").PersistKeysToDbContext<WebDbContext>();
        builder.Services.AddHttpClient(SessionStore.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddHostedService<EndedSessionsCleanup>();
        builder.Services.AddHttpForwarder();
        builder.AddSessionCookie(options);
        builder.AddAppShell();
        return builder;
    }
}
