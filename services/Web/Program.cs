using IdpTracker.Messaging;
using IdpTracker.ServiceDefaults;
using IdpTracker.Web;
using IdpTracker.Web.Apis;
using IdpTracker.Web.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseAppShell();
app.MapServiceDefaults();
app.MapSessionApi();
app.MapApiForwarding();
app.MapAppShell();

await app.RunOrCommandAsync<WebDbContext>(args);
