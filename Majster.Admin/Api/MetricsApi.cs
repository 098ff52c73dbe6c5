using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>GET /api/metrics</c>: the runbook's monitoring queries, top errors, lateness and the last tick — over every send
/// for an admin, over their own for staff (see <see cref="OfferSendMetrics"/>).
/// </summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/api/metrics", "Metrics")
            .MapGet("/", GetAsync).WithName("GetMetrics")
            .WithSummary("Scheduled, overdue, failed and sent counts, retry rate, top errors, lateness percentiles, last tick")
            .WithDescription("An admin's figures are the whole system's; a staff member's cover their own sends, without the last tick (null).");
        return endpoints;
    }

    public static async Task<Ok<OfferSendMetricsSnapshot>> GetAsync(ClaimsPrincipal user, OfferSendMetrics metrics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await metrics.GetAsync(user.ToActor(), cancellationToken));
}
