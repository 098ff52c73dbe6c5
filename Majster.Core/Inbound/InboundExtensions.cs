using Microsoft.Extensions.DependencyInjection;

namespace Majster.Core.Inbound;

public static class InboundExtensions
{
    /// <summary>
    /// The bounce mailbox (<c>Mail:*</c>): its reader and poller (idle unless <c>Mail:Inbound:Host</c> is set) and the
    /// suppression list. The engine's claim reads each due send's suppression itself.
    /// </summary>
    public static IServiceCollection AddMajsterInbound(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundMessageRecorder>();
        services.AddSingleton<BounceMailboxReader>();
        services.AddSingleton<InboundMailboxStatus>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<InboundQueries>();
        services.AddHostedService<BounceMailboxPoller>();
        return services;
    }
}
