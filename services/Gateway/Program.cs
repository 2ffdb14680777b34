using IdpTracker.Gateway;
using IdpTracker.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.MapServicesApiReference();
app.MapReverseProxy();

app.Run();
