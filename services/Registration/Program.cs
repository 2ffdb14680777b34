using IdpTracker.Messaging;
using IdpTracker.Registration;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Data;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenValidation();
builder.AddApplicationServices();

var app = builder.Build();

app.MapServiceDefaults();
app.UseRateLimiter();
app.MapCentersApi();
app.MapHouseholdsApi();
app.MapConflictsApi();
app.MapMovementsApi();
app.MapDuplicatesApi();
app.MapImportsApi();
app.MapSyncApi();
app.MapAuditApi();
app.MapExportApi();

await app.RunOrCommandAsync<RegistrationDbContext>(args);
