using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Majster.Admin.Health;

internal static class HealthExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddMajsterHealth(this IServiceCollection services)
    {
        services.AddSingleton<SmtpHealthCheck>();
        services.AddSingleton<SchedulerHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag])
            .AddCheck<SmtpHealthCheck>("smtp", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary><c>/health</c>: the process is alive. <c>/health/ready</c>: it can do its work (database, scheduler, SMTP).</summary>
    public static IEndpointRouteBuilder MapMajsterHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
