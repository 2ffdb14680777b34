using IdpTracker.Messaging;
using IdpTracker.Notifications.Consumers;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Model;

namespace IdpTracker.Notifications;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>("Notifications");
        builder.AddMessaging<NotificationsDbContext>(bus => bus.AddConsumer<EmailSituationReportConsumer>());
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
        builder.Services.AddSingleton<ReportMailer>();
        return builder;
    }
}
