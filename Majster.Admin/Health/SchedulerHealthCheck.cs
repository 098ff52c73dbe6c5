using Cronos;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Health;

/// <summary>
/// Ready while this process's scheduler ticks: the last tick finished no longer ago than twice the cron period
/// (<c>Scheduler:Cron</c>), else the registration's failure status (degraded in the app: the instance still serves);
/// degraded while its ticks have kept failing for
/// <see cref="FailingTicksDegradeAfter"/>. Until the first tick the process's start is the reference. Always healthy
/// when <c>Scheduler:Enabled</c> is false: such a process does not tick.
/// </summary>
internal sealed class SchedulerHealthCheck(IOptions<SchedulerOptions> options, SchedulerStatus status, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long ticks may keep failing (the database away, say) before readiness reports it.</summary>
    public static readonly TimeSpan FailingTicksDegradeAfter = TimeSpan.FromMinutes(1);

    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    private readonly TimeSpan _allowedAge = 2 * CronPeriod(options.Value.Cron, clock.GetUtcNow());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The scheduler is off in this process."));
        }

        var lastTick = status.LastTick;
        var age = Age();
        var now = clock.GetUtcNow();
        if (age <= _allowedAge && status.Failing is { } failing && now - failing.Since >= FailingTicksDegradeAfter)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{failing.Count} scheduler ticks failed in a row since {Majster.Core.Time.IsoInstant.Format(failing.Since)}: {failing.Error}"));
        }

        return Task.FromResult(age <= _allowedAge
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, lastTick is null
                ? $"No scheduler tick in the {age.TotalSeconds:0} s since start (allowed {_allowedAge.TotalSeconds:0} s)."
                : $"The last scheduler tick finished {age.TotalSeconds:0} s ago (allowed {_allowedAge.TotalSeconds:0} s)."));
    }

    /// <summary>
    /// The scheduler's loop runs: it is off, or a tick completed or failed within twice the cron period (failing ticks,
    /// the database away, say, are the loop running: restarting the process would not help them).
    /// </summary>
    public bool Ticking => !options.Value.Enabled || Age() <= _allowedAge
        || (status.Failing is { } failing && clock.GetUtcNow() - failing.LastAt <= _allowedAge);

    private TimeSpan Age()
    {
        var lastTick = status.LastTick;
        var since = lastTick is null ? _startedAt : lastTick.StartedAt + lastTick.Duration;
        return clock.GetUtcNow() - since;
    }

    /// <summary>The gap between two consecutive occurrences of <paramref name="cron"/> after <paramref name="now"/>.</summary>
    internal static TimeSpan CronPeriod(string cron, DateTimeOffset now)
    {
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var expression = CronExpression.Parse(cron, format);
        var first = expression.GetNextOccurrence(now, TimeZoneInfo.Utc);
        var second = first is { } f ? expression.GetNextOccurrence(f, TimeZoneInfo.Utc) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.FromMinutes(1);
    }
}
