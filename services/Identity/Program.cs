using IdpTracker.Identity;
using IdpTracker.Identity.Data;
using IdpTracker.Messaging;
using IdpTracker.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();

await app.RunOrMigrateAsync<IdentityDbContext>(args);
