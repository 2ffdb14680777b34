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
            bus.AddBatchConsumer<ProjectArrivalConsumer>();
            bus.AddConsumer<ProjectHouseholdPlaceConsumer>();
            bus.AddConsumer<ProjectCenterNeedsConsumer>();
        });
        // Validators hold nothing of a request: built once, not again for every request (their rules are built in the constructor).
        builder.Services.AddValidatorsFromAssemblyContaining<ReportingDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true);

        var connectionString = builder.Configuration.GetConnectionString("Reporting")!;
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), HangfireStorageOptions()));
        if (builder.Configuration.GetValue("Hangfire:Server", defaultValue: true))
        {
            builder.Services.AddHangfireServer(options => options.SchedulePollingInterval = TimeSpan.FromSeconds(5));
        }
        builder.Services.AddScoped<SituationReportJob>();
        builder.Services.AddSingleton<SubscriptionSchedules>();
        builder.Services.Configure<ReportLinkOptions>(builder.Configuration.GetSection("Reports"));
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        builder.Services.AddHostedService<SubscriptionScheduleSync>();
        builder.Services.AddHostedService<RecountPeopleJob>();
        return builder;
    }

    /// <summary>
    /// Hangfire's storage for the report jobs. A worker keeps the job it runs invisible to other workers for as long
    /// as it is alive (sliding), so a long report is not picked up a second time; a dead worker's job reappears after
    /// the timeout and is run again, which builds nothing twice (the occurrence is the key).
    /// </summary>
    public static PostgreSqlStorageOptions HangfireStorageOptions() => new()
    {
        SchemaName = "hangfire",
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
    };
}
