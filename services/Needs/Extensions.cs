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
            bus.AddConsumer<TrackHouseholdPlaceConsumer>();
        });
        // Until coordinators publish rule sets through the API, the defaults can be adjusted in configuration
        // (e.g. Needs__DefaultRules__SeasonStartMonth=10 for an area with a different winter).
        var rules = builder.Configuration.GetSection("Needs:DefaultRules").Get<RuleSet>() ?? RuleSet.Default;
        builder.Services.AddSingleton(rules);
        return builder;
    }
}
