using Majster.Admin.Health;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Majster.Tests.Unit;

/// <summary>When the systemd watchdog is pinged: while the scheduler's loop runs, failing or not.</summary>
[Trait("Category", "Unit")]
public sealed class WatchdogGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ticking_UntilNoTickForTwoCronPeriods_ButStillWhileTicksKeepFailing()
    {
        var clock = new FakeTimeProvider(Start);
        var status = new SchedulerStatus();
        var check = new SchedulerHealthCheck(Options.Create(new SchedulerOptions()), status, clock);

        var fresh = check.Ticking;
        clock.Advance(TimeSpan.FromMinutes(3));
        var stale = check.Ticking;
        status.RecordFailure(clock.GetUtcNow(), new TimeoutException("The database did not answer."));
        var failing = check.Ticking;
        clock.Advance(TimeSpan.FromMinutes(3));
        var failingLongAgo = check.Ticking;

        Assert.Equal((true, false, true, false), (fresh, stale, failing, failingLongAgo));
    }

    [Fact]
    public void Ticking_Always_WhenTheSchedulerIsOff()
    {
        var clock = new FakeTimeProvider(Start);
        var check = new SchedulerHealthCheck(Options.Create(new SchedulerOptions { Enabled = false }), new SchedulerStatus(), clock);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.True(check.Ticking);
    }
}
