using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Api;

/// <summary>
/// <c>Api:RateLimitPerMinute</c> requests per minute per API token (by its hash), else per signed-in user, else per
/// remote address. Over the limit: 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
internal static class ApiRateLimiting
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.AddPolicy(Policy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    private static string PartitionKey(HttpContext context)
    {
        if (ApiTokenAuthenticationHandler.BearerToken(context.Request) is { } token)
        {
            return "token:" + ApiToken.Hash(token);
        }

        return context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? "user:" + userId
            : "ip:" + context.Connection.RemoteIpAddress;
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"Too many requests; try again in {seconds} seconds.",
            },
        });
    }
}
