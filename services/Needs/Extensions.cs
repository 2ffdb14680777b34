using IdpTracker.Messaging;
using IdpTracker.Needs.Consumers;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Jobs;
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
            bus.AddBatchConsumer<AssessHouseholdNeedsConsumer>();
            bus.AddConsumer<TrackHouseholdPlaceConsumer>();
        });
        // The rules in force until a coordinator publishes a version (POST /api/needs/rulesets). A deployment can
        // start from other defaults in configuration, e.g. Needs__DefaultRules__SeasonStartMonth=10.
        var defaults = builder.Configuration.GetSection("Needs:DefaultRules").Get<RuleSet>() ?? RuleSet.Default;
        builder.Services.AddSingleton(defaults);
        builder.Services.Configure<NeedsJobsOptions>(builder.Configuration.GetSection("Needs:Jobs"));
        builder.Services.AddHostedService<ReevaluationJob>();
        builder.Services.AddHostedService<ScheduleReevaluationsJob>();
        builder.Services.AddHostedService<PublishCenterSummariesJob>();
        return builder;
    }
}
