using System.Diagnostics.Metrics;
using Majster.Admin.Api;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Majster.Tests.Integration.Operations;

/// <summary>
/// The OpenTelemetry exporter of one app listens to every meter of the scheduler's name in the process, so while other
/// test apps come and go it may take their instruments for its own and lose them when they are disposed. These tests
/// run alone, after the parallel ones, when this app's are the only ones.
/// </summary>
[CollectionDefinition(nameof(MetricsExportedAlone), DisableParallelization = true)]
public sealed class MetricsExportedAlone;

/// <summary><c>/metrics</c> serves the scheduler's instruments in Prometheus text once the engine has worked.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(MetricsExportedAlone))]
public sealed class PrometheusMetricsTests(PrometheusMetricsTests.App app) : IClassFixture<PrometheusMetricsTests.App>
{
    private const string CronSecret = "metrics-cron-secret-7d2a";

    public sealed class App(PostgresCluster cluster) : AppFixture(cluster)
    {
        protected override void Configure(MajsterAppFactory factory) => factory.WithSetting("Scheduler:CronSecret", CronSecret);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_ExposeSendsLatenessClaimsAndQueueGauges_AfterATick()
    {
        var now = TimeProvider.System.GetUtcNow();
        await Seed.ScheduledSendsAsync(app.ConnectionString, now, now, 3, Ct);
        await Seed.ScheduledSendsAsync(app.ConnectionString, now, now.AddDays(1), 2, Ct);
        using var client = app.Factory.CreateClient();
        await RunATickAsync(client);

        // The OpenTelemetry exporter listens to every meter of the name in the process, and other test apps share
        // this process, so the gauge's value is read from this app's own meter; /metrics is checked for its shape.
        var meters = app.Factory.Services.GetRequiredService<IMeterFactory>();
        using var scheduled = new MetricCollector<long>(meters, SchedulerTelemetry.Name, "majster.scheduler.queue.scheduled");
        await Poll.UntilAsync(
            () =>
            {
                scheduled.RecordObservableInstruments();
                return Task.FromResult(scheduled.LastMeasurement?.Value);
            },
            value => value == 2,
            TimeSpan.FromSeconds(20),
            "the scheduled-rows gauge to count the two rows left");

        var text = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains("majster_scheduler_sends_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"sent\"", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_lateness_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_claim_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_queue_scheduled", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_queue_overdue", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ServeEveryMetricTheAlertRulesRead_OnceATickHasSent()
    {
        var now = TimeProvider.System.GetUtcNow();
        await Seed.ScheduledSendsAsync(app.ConnectionString, now, now, 1, Ct);
        using var client = app.Factory.CreateClient();
        await RunATickAsync(client);
        var used = AlertRulesTests.MetricsUsed();

        // The queue gauges are counted in the background of the first scrape: scraped until they are there.
        var missing = await Poll.UntilAsync(
            async () =>
            {
                var served = (await client.GetStringAsync("/metrics", Ct)).Split('\n')
                    .Where(line => line.Length > 0 && !line.StartsWith('#'))
                    .Select(line => line.Split('{', ' ')[0]);
                return string.Join(", ", used.Except(served).Order(StringComparer.Ordinal));
            },
            names => names.Length == 0,
            TimeSpan.FromSeconds(20),
            "every metric the alert rules read to be served");

        Assert.Empty(missing);
        Assert.Contains("majster_scheduler_ticks_total", used);
    }

    private static async Task RunATickAsync(HttpClient client)
    {
        using var tick = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
        tick.Headers.Add(SchedulerWorkerApi.SecretHeader, CronSecret);
        (await client.SendAsync(tick, Ct)).EnsureSuccessStatusCode();
    }
}
