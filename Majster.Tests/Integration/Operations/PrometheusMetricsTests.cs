using Majster.Admin.Api;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Operations;

/// <summary><c>/metrics</c> serves the scheduler's instruments in Prometheus text once the engine has worked.</summary>
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
        using var tick = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
        tick.Headers.Add(SchedulerWorkerApi.SecretHeader, CronSecret);
        (await client.SendAsync(tick, Ct)).EnsureSuccessStatusCode();

        // The queue gauges are refreshed at most every few seconds: wait for a count taken after the tick.
        var text = await Poll.UntilAsync(
            () => client.GetStringAsync("/metrics", Ct),
            body => ScheduledGauge(body) is ["2"],
            TimeSpan.FromSeconds(20),
            "the scheduled-rows gauge to count the two rows left");

        Assert.Contains("majster_scheduler_sends_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"sent\"", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_lateness_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_claim_duration_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_queue_overdue", text, StringComparison.Ordinal);
        Assert.Equal(["2"], ScheduledGauge(text));
    }

    private static List<string> ScheduledGauge(string metrics) =>
        [.. metrics.Split('\n').Where(line => line.StartsWith("majster_scheduler_queue_scheduled", StringComparison.Ordinal)).Select(line => line.Split(' ')[1])];
}
