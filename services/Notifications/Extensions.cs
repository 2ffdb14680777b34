using IdpTracker.ServiceDefaults.Webhooks;
using IdpTracker.Messaging;
using IdpTracker.Notifications.Consumers;
using IdpTracker.Notifications.Data;
using IdpTracker.Notifications.Jobs;
using IdpTracker.Notifications.Model;

namespace IdpTracker.Notifications;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>("Notifications");
        builder.AddMessaging<NotificationsDbContext>(bus =>
        {
            bus.AddConsumer<RecordReportDeliveriesConsumer>();
            bus.AddConsumer<RepointWebhookDeliveriesConsumer>();
        });
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
        builder.Services.Configure<DeliveryOptions>(builder.Configuration.GetSection("Delivery"));
        builder.Services.AddSingleton<ReportMailer>();
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        // Our own retries (SendDueDeliveriesJob) pace the attempts; one try here, bounded in time.
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            // Receivers are on the internet: no redirects, and no address inside the deployment's own networks.
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = WebhookSender.ConnectToPublicAddresses(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.AllowPrivateAddresses),
            });
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<SendDueDeliveriesJob>();
        return builder;
    }
}
