using FluentValidation;
using IdpTracker.Messaging;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Data;

namespace IdpTracker.Registration;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistrationDbContext>("Registration");
        // Registration only publishes; it consumes nothing yet.
        builder.AddMessaging<RegistrationDbContext>();
        builder.Services.AddValidatorsFromAssemblyContaining<RegistrationDbContext>(includeInternalTypes: true);
        builder.Services.AddScoped<HouseholdRegistration>();
        return builder;
    }
}
