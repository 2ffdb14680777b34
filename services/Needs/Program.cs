using IdpTracker.Messaging;
using IdpTracker.Needs;
using IdpTracker.Needs.Apis;
using IdpTracker.Needs.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenValidation();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.MapHouseholdNeedsApi();
app.MapCenterNeedsApi();
app.MapDistributionsApi();
app.MapRuleSetsApi();
app.MapReevaluationsApi();
app.MapAlertsApi();
app.MapNeedsSummaryApi();

await app.RunOrCommandAsync<NeedsDbContext>(args);
