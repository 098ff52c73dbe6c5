using Majster.Core.Accounts;
using Majster.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Majster.Core.Offers;

public static class OfferSendsServiceCollectionExtensions
{
    /// <summary>The services people act through (API and UI alike): offers, offer sends, metrics, API tokens.</summary>
    public static IServiceCollection AddOfferSends(this IServiceCollection services)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        services.TryAddSingleton<SchedulerStatus>();
        services.TryAddSingleton<OfferService>();
        services.TryAddSingleton<OfferSendService>();
        services.TryAddSingleton<OfferSendMetrics>();
        services.TryAddSingleton<ApiTokenService>();
        return services;
    }
}
