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

        var text = await Poll.UntilAsync(
            () => client.GetStringAsync("/metrics", Ct),
            body => body.Contains("majster_scheduler_queue_scheduled", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            "the queue gauges to be counted");

        Assert.Contains("majster_scheduler_sends_total{", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"sent\"", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_lateness_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_claim_duration_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("majster_scheduler_queue_overdue", text, StringComparison.Ordinal);
        var scheduled = text.Split('\n').Where(line => line.StartsWith("majster_scheduler_queue_scheduled", StringComparison.Ordinal)).ToList();
        Assert.True(scheduled.Count == 1 && scheduled[0].Split(' ')[1] == "2", string.Join('\n', scheduled));
    }
}
