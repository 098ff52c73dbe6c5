using System.Net;
using System.Net.Sockets;
using Majster.Admin.Health;
using Majster.Core.Email;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Majster.Tests.Integration.Operations;

/// <summary>The scheduler and SMTP parts of <c>/health/ready</c> (the database part is covered by the outage tests).</summary>
[Trait("Category", "Integration")]
public sealed class ReadinessChecksTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("* * * * *", 60)]
    [InlineData("*/5 * * * *", 300)]
    [InlineData("*/10 * * * * *", 10)]
    public void CronPeriod_IsTheGapBetweenOccurrences(string cron, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SchedulerHealthCheck.CronPeriod(cron, Start));

    [Fact]
    public async Task SchedulerCheck_TurnsUnhealthy_WhenNoTickForTwoCronPeriods_AndHealthyAgainAfterOne()
    {
        var clock = new FakeTimeProvider(Start);
        var status = new SchedulerStatus();
        var check = new SchedulerHealthCheck(Options.Create(new SchedulerOptions()), status, clock);

        var fresh = await CheckAsync(check);
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var stale = await CheckAsync(check);
        status.Record(new TickResult(clock.GetUtcNow(), 0, 0, 0, 0, 0, TimeSpan.FromMilliseconds(5)));
        var ticked = await CheckAsync(check);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Healthy), (fresh, stale, ticked));
    }

    [Fact]
    public async Task SchedulerCheck_TurnsDegraded_WhenTicksKeepFailingForAMinute_AndHealthyOnceOneCompletes()
    {
        var clock = new FakeTimeProvider(Start);
        var status = new SchedulerStatus();
        var check = new SchedulerHealthCheck(Options.Create(new SchedulerOptions()), status, clock);

        status.RecordFailure(clock.GetUtcNow(), new TimeoutException("The database did not answer."));
        clock.Advance(TimeSpan.FromSeconds(30));
        status.RecordFailure(clock.GetUtcNow(), new TimeoutException("The database did not answer."));
        var briefly = await CheckAsync(check);
        clock.Advance(TimeSpan.FromSeconds(31));
        status.RecordFailure(clock.GetUtcNow(), new TimeoutException("The database did not answer."));
        var persisting = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("scheduler", check, null, null) }, Ct);
        status.Record(new TickResult(clock.GetUtcNow(), 0, 0, 0, 0, 0, TimeSpan.FromMilliseconds(5)));
        var recovered = await CheckAsync(check);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Healthy), (briefly, persisting.Status, recovered));
        Assert.Equal("3 scheduler ticks failed in a row since 2026-05-04T12:00:00.000Z: TimeoutException: The database did not answer.", persisting.Description);
    }

    [Fact]
    public async Task SchedulerCheck_IsHealthy_WhenTheSchedulerIsOff()
    {
        var clock = new FakeTimeProvider(Start);
        var check = new SchedulerHealthCheck(Options.Create(new SchedulerOptions { Enabled = false }), new SchedulerStatus(), clock);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HealthStatus.Healthy, await CheckAsync(check));
    }

    [Fact]
    public async Task SmtpCheck_FollowsTheServer_ButAsksAtMostOncePerCachePeriod()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var clock = new FakeTimeProvider(Start);
        var check = new SmtpHealthCheck(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port }), clock);

        var up = await CheckAsync(check);
        listener.Stop();
        var cached = await CheckAsync(check);
        clock.Advance(SmtpHealthCheck.CacheFor);
        var down = await CheckAsync(check);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Unhealthy), (up, cached, down));
    }

    [Fact]
    public async Task SmtpCheck_IsSkipped_InPickupMode() =>
        Assert.Equal(HealthStatus.Healthy, await CheckAsync(new SmtpHealthCheck(Options.Create(new SmtpOptions()), new FakeTimeProvider(Start))));

    private static async Task<HealthStatus> CheckAsync(IHealthCheck check) =>
        (await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("x", check, null, null) }, Ct)).Status;
}
