using Majster.Core.Accounts;
using Majster.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Majster.Core.Offers;

public static class OfferSendsServiceCollectionExtensions
{
    /// <summary>
    /// The services people act through (API and UI alike): offers, offer sends, metrics, API tokens. They read
    /// <c>SchedulerOptions</c> and <c>SchedulerStatus</c>, registered by <c>AddMajsterScheduling</c>.
    /// </summary>
    public static IServiceCollection AddOfferSends(this IServiceCollection services)
    {
        services.TryAddSingleton<OfferService>();
        services.TryAddSingleton<OfferSendService>();
        services.TryAddSingleton<OfferSendQueries>();
        services.TryAddSingleton<OfferSendMetrics>();
        services.TryAddSingleton<ApiTokenService>();
        services.TryAddSingleton<ApiTokenCache>();
        services.TryAddSingleton<IdempotencyStore>();
        return services;
    }
}
