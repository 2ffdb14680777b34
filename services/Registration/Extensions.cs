using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using FluentValidation;
using IdpTracker.Messaging;
using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Application;
using IdpTracker.Registration.Consumers;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Imports;
using IdpTracker.Registration.Jobs;
using IdpTracker.Registration.PersonalData;

namespace IdpTracker.Registration;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistrationDbContext>("Registration");
        // Registration hears its own household events to look for duplicates off the request path, only once
        // registrations pause (RegistrationActivity), and one at a time: on a small host two at a time took the CPU
        // Needs and Reporting need to bring the coordinators' figures up to date after a surge (their drain about 320
        // events/s against 450 one at a time; docs/benchmarks/README.md item 25), for possible duplicates about half as soon.
        builder.AddMessaging<RegistrationDbContext>(bus => bus.AddConsumer<FindDuplicatesConsumer>()
            .Endpoint(e => e.ConcurrentMessageLimit = 1));
        // Validators hold nothing of a request: built once, not again for every request (their rules are built in the constructor).
        builder.Services.AddValidatorsFromAssemblyContaining<RegistrationDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Reach>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<HouseholdRegistration>();
        builder.Services.AddScoped<HouseholdVersions>();
        builder.Services.AddScoped<HouseholdSearch>();
        builder.Services.AddScoped<MovementRecording>();
        builder.Services.AddScoped<DuplicateFinder>();
        builder.Services.AddSingleton<RegistrationActivity>();
        builder.Services.AddSingleton<DuplicateMatching>();
        // A sync waits here, before its body is read, while RegistrationActivity.BatchesAtOnce others are being stored:
        // sixteen phones' batches read at once would hold 8,000 households in memory to store four batches at a time.
        // They are taken in the order they came; a queue beyond a surge's answers 503 and the phone sends it later.
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "30";
                return ValueTask.CompletedTask;
            };
            options.AddConcurrencyLimiter(SyncApi.TakenInTurn, limiter =>
            {
                limiter.PermitLimit = RegistrationActivity.BatchesAtOnce;
                limiter.QueueLimit = SyncApi.WaitingAtMost;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        builder.Services.AddSingleton<Importer>();
        builder.Services.AddOptions<PersonalDataOptions>().Bind(builder.Configuration.GetSection("PersonalData"));
        builder.Services.AddSingleton<PersonalDataProtector>();
        builder.Services.Configure<OverdueFollowUpOptions>(builder.Configuration.GetSection("OverdueFollowUp"));
        builder.Services.AddHostedService<OverdueFollowUpJob>();
        builder.Services.Configure<OccupancyTotalsOptions>(builder.Configuration.GetSection("OccupancyTotals"));
        builder.Services.AddHostedService<OccupancyTotalsJob>();
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection("Retention"));
        builder.Services.AddHostedService<RetentionPurgeJob>();
        builder.Services.AddHostedService<BlindIndexUpgradeJob>();
        builder.Services.AddHostedService<RescoreDuplicatesJob>();
        builder.Services.AddSingleton<NameFrequencyCounter>();
        return builder;
    }
}
