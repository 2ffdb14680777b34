using IdpTracker.Identity;
using IdpTracker.Identity.Apis;
using IdpTracker.Identity.Data;
using IdpTracker.Identity.Security;
using IdpTracker.Messaging;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;

// `dotnet Identity.dll new-keys` prints fresh keys as environment lines, for a new installation's secrets file.
if (args is ["new-keys"])
{
    Console.WriteLine(AuthorizationServer.NewKeysAsEnvironment());
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenValidation();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.UseRateLimiter();
app.UseAntiforgery();
app.MapTokenApi();
app.MapAuthorizeApi();
app.MapUsersApi();
app.MapRevocationsApi();

await app.RunOrCommandAsync<IdentityDbContext>(args);
