using IdpTracker.Gateway;
using IdpTracker.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.UseCors();
app.MapServicesApiReference();
app.MapReverseProxy(proxy => proxy
    .UseDownstreamUnavailableAs503()
    .UseSessionAffinity()
    .UseLoadBalancing()
    .UsePassiveHealthChecks());

app.Run();
