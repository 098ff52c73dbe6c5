using Majster.Core.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Core.Inbound;

public static class InboundExtensions
{
    /// <summary>
    /// The bounce mailbox (<c>Mail:*</c>): its reader and poller (idle unless <c>Mail:Inbound:Host</c> is set), the
    /// suppression list, and the suppression check around the registered <see cref="IOfferEmailSender"/>.
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

        var sender = services.Last(descriptor => descriptor.ServiceType == typeof(IOfferEmailSender));
        var create = sender.ImplementationFactory
            ?? throw new InvalidOperationException("The e-mail sender must be registered by a factory before the suppression check wraps it.");
        services.Remove(sender);
        services.AddSingleton<IOfferEmailSender>(sp =>
            new SuppressionGuardedSender((IOfferEmailSender)create(sp), sp.GetRequiredService<SuppressionList>()));
        return services;
    }
}
