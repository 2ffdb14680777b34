using IdpTracker.ServiceDefaults.Webhooks;
using FluentValidation;
using Hangfire;
using Hangfire.PostgreSql;
using IdpTracker.Messaging;
using IdpTracker.Reporting.Consumers;
using IdpTracker.Reporting.Data;
using IdpTracker.Reporting.Jobs;

namespace IdpTracker.Reporting;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("Reporting");
        builder.AddMessaging<ReportingDbContext>(bus =>
        {
            bus.AddConsumer<ProjectCenterConsumer>();
            bus.AddConsumer<ProjectArrivalConsumer>();
            bus.AddConsumer<ProjectHouseholdPlaceConsumer>();
        });
        builder.Services.AddValidatorsFromAssemblyContaining<ReportingDbContext>(includeInternalTypes: true);

        var connectionString = builder.Configuration.GetConnectionString("Reporting")!;
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                // A report that takes longer than the invisibility timeout must not be picked up a second time.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
            }));
        if (builder.Configuration.GetValue("Hangfire:Server", defaultValue: true))
        {
            builder.Services.AddHangfireServer(options => options.SchedulePollingInterval = TimeSpan.FromSeconds(5));
        }
        builder.Services.AddScoped<SituationReportJob>();
        builder.Services.AddSingleton<SubscriptionSchedules>();
        builder.Services.Configure<ReportLinkOptions>(builder.Configuration.GetSection("Reports"));
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        builder.Services.AddHostedService<SubscriptionScheduleSync>();
        return builder;
    }
}
