using IdpTracker.Messaging;
using IdpTracker.Needs.Consumers;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;

namespace IdpTracker.Needs;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NeedsDbContext>("Needs");
        builder.AddMessaging<NeedsDbContext>(bus =>
        {
            bus.AddConsumer<RecordCenterConsumer>();
            bus.AddConsumer<AssessHouseholdNeedsConsumer>();
        });
        // Until coordinators publish rule sets as data, every evaluation uses the DOMAIN defaults.
        builder.Services.AddSingleton(RuleSet.Default);
        return builder;
    }
}
