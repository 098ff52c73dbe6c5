using Majster.Core.Data;
using Majster.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The processing engine and the e-mail sender it uses (SMTP when <c>Smtp:Host</c> is set, else the pickup folder).</summary>
    public static IServiceCollection AddMajsterScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendingOptions>().BindConfiguration(SendingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<OfferEmailComposer>();
        services.AddSingleton<IOfferEmailSender>(sp =>
        {
            var smtp = sp.GetRequiredService<IOptions<SmtpOptions>>().Value;
            if (!smtp.UsesPickupDirectory)
            {
                return ActivatorUtilities.CreateInstance<SmtpOfferEmailSender>(sp);
            }

            // A relative pickup folder is taken from the content root, as the data directory is.
            var folder = smtp.PickupDirectory is { } pickup
                ? Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, pickup)
                : Path.Combine(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataDirectory, "outbox");
            return new PickupDirectorySender(folder, sp.GetRequiredService<OfferEmailComposer>(), sp.GetRequiredService<ILogger<PickupDirectorySender>>());
        });

        services.AddSingleton(sp => SchedulerInstance.From(sp.GetRequiredService<IOptions<SchedulerOptions>>()));
        services.AddSingleton<SchedulerStatus>();
        services.AddSingleton<TickMetrics>();
        services.AddSingleton<OfferSendQueue>();
        services.AddSingleton<SendingPause>();
        services.AddSingleton(sp => new SendingHours(sp.GetRequiredService<IOptions<SendingOptions>>().Value.Window));
        services.AddSingleton<SendGate>();
        services.AddSingleton<SendWaits>();
        services.AddSingleton<SendingOverview>();
        services.AddSingleton<OfferSendProcessor>();
        services.AddSingleton<QueueGauges>();
        services.AddSingleton<OfferSendRetention>();
        return services;
    }
}
