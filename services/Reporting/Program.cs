using IdpTracker.Messaging;
using IdpTracker.Reporting;
using IdpTracker.Reporting.Apis;
using IdpTracker.Reporting.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenValidation();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.MapSubscriptionsApi();
app.MapReportsApi();
app.MapFiguresApi();

await app.RunOrCommandAsync<ReportingDbContext>(args);
