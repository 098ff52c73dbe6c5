using Majster.Admin.Security;
using Majster.Core.Inbound;
using Majster.Core.Scheduling;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Majster.Admin.Telemetry;

/// <summary>
/// OpenTelemetry: the scheduler's meter, ASP.NET Core's and the runtime's (managed heap, GC, working set), scraped in Prometheus text at <c>/metrics</c>; traces of
/// ticks, sends and requests only when <c>OpenTelemetry:OtlpEndpoint</c> is set (then metrics are pushed there too).
/// </summary>
internal static class TelemetryExtensions
{
    public const string ServiceName = "majster-admin";

    /// <summary>The runtime's built-in meter: heap size after the last GC by generation, working set, thread pool.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public static WebApplicationBuilder AddMajsterTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        var otlp = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.OtlpEndpoint;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SchedulerTelemetry.Name, InboundTelemetry.Name, RuntimeMeter).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });

        // No exporter, no tracing: the engine's StartActivity then costs a null check.
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(SchedulerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => exporter.Endpoint = otlp));
        }

        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus text, behind the scrape token when one is set (and not at all in Production
    /// without one: see <see cref="MetricsOptions"/>); the queue gauges start counting from here, the counters at zero.
    /// </summary>
    public static IEndpointRouteBuilder MapMajsterTelemetry(this IEndpointRouteBuilder endpoints)
    {
        endpoints.ServiceProvider.GetRequiredService<QueueGauges>();
        // The provider listens from its creation on; the hosted service that would create it has not started yet.
        endpoints.ServiceProvider.GetRequiredService<MeterProvider>();
        SchedulerTelemetry.StartCountersAtZero();
        InboundTelemetry.StartCountersAtZero();
        var services = endpoints.ServiceProvider;
        var scrape = services.GetRequiredService<IConfiguration>().GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (MetricsScrape.IsServed(services.GetRequiredService<IHostEnvironment>(), scrape))
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.RequireScrapeToken(scrape), optionsName: null);
        }

        return endpoints;
    }
}
