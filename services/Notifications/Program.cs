using IdpTracker.Messaging;
using IdpTracker.Notifications;
using IdpTracker.Notifications.Apis;
using IdpTracker.Notifications.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenValidation();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.MapDeliveriesApi();

await app.RunOrCommandAsync<NotificationsDbContext>(args);
