using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Majster.Admin.Health;

internal static class HealthExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddMajsterHealth(this IServiceCollection services)
    {
        services.AddSingleton<SmtpHealthCheck>();
        services.AddSingleton<SchedulerHealthCheck>();

        // Only the database makes the instance unable to serve; a stalled scheduler or an unreachable mail server
        // makes it degraded (200), so a load balancer keeps it while mail waits.
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SchedulerHealthCheck>("scheduler", HealthStatus.Degraded, tags: [ReadyTag])
            .AddCheck<SendingHealthCheck>("sending", HealthStatus.Degraded, tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SmtpHealthCheck>("smtp", HealthStatus.Degraded, tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BounceMailboxHealthCheck>("bounceMailbox", HealthStatus.Degraded, tags: [ReadyTag]);
        services.AddHostedService<SystemdNotifier>();
        return services;
    }

    /// <summary>
    /// <c>/health/live</c> (and <c>/health</c>): the process answers. <c>/health/ready</c>: it can serve; 503 only while
    /// the database is away; a JSON body names each check, its state and why.
    /// </summary>
    public static IEndpointRouteBuilder MapMajsterHealth(this IEndpointRouteBuilder endpoints)
    {
        var live = new HealthCheckOptions { Predicate = _ => false };
        endpoints.MapHealthChecks("/health", live);
        endpoints.MapHealthChecks("/health/live", live);
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
        });
        return endpoints;
    }

    /// <summary><c>{"status":"Degraded","checks":{"smtp":{"status":"Degraded","description":"…"},…}}</c>; never an exception's text.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
