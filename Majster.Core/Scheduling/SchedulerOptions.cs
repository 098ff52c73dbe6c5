using System.ComponentModel.DataAnnotations;

namespace Majster.Core.Scheduling;

/// <summary>The <c>Scheduler</c> section. Durations are <see cref="TimeSpan"/>s; nonsense stops the app at start.</summary>
public sealed class SchedulerOptions : IValidatableObject
{
    public const string Section = "Scheduler";

    /// <summary>
    /// Whether this process runs the scheduler: the due-send waker, the recurring jobs' definition and Hangfire's jobs.
    /// An instance that only serves the UI and API (or a test of them) turns it off; <c>POST /scheduler-worker</c> still
    /// works.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron of the Hangfire recurring job <c>process-scheduled-offers</c>, in UTC.</summary>
    [Required]
    public string Cron { get; set; } = "* * * * *";

    /// <summary>
    /// Rows claimed per statement (the runbook's 50 is a batch size, not a per-tick limit). A tick keeps up to two
    /// batches claimed ahead of its connections, so a row waits under its lease behind at most two batches: a larger
    /// batch drains no faster (docs/benchmarks.md), and 50 keeps that wait well inside a short lease TTL.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Messages in flight at once, each over its own pooled SMTP connection. On a host with few cores the work is
    /// CPU-bound and more connections do not drain faster (docs/benchmarks.md); more only helps against a slow remote
    /// server.
    /// </summary>
    [Range(1, 64)]
    public int SendConcurrency { get; set; } = 4;

    /// <summary>How long a claim holds a row; after it a row whose owner died is claimed again.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one tick keeps claiming batches.</summary>
    public TimeSpan TickBudget { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Retries after the first attempt (per row, this is the default for new rows).</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; each next one doubles.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Secret for <c>POST /scheduler-worker</c> (header <c>X-Cron-Secret</c>); empty disables the endpoint.</summary>
    public string? CronSecret { get; set; }

    /// <summary>The secret being rotated out: accepted beside <see cref="CronSecret"/> while it is set.</summary>
    public string? PreviousCronSecret { get; set; }

    /// <summary>How far ahead a send may be scheduled.</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long shutdown waits for the in-flight batch.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts and sent rows older than this are pruned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(180);

    /// <summary>A name for this process in leases and attempts; default: host name and process id.</summary>
    public string? InstanceName { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(LockTtl), LockTtl), (nameof(TickBudget), TickBudget), (nameof(BaseDelay), BaseDelay),
                     (nameof(MaxDelay), MaxDelay), (nameof(MaxScheduleAhead), MaxScheduleAhead),
                     (nameof(ShutdownTimeout), ShutdownTimeout), (nameof(Retention), Retention),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Scheduler:{name} must be a positive duration, not {value}.", [name]);
            }
        }

        if (MaxDelay < BaseDelay)
        {
            yield return new ValidationResult(
                $"Scheduler:MaxDelay ({MaxDelay}) must not be shorter than Scheduler:BaseDelay ({BaseDelay}).", [nameof(MaxDelay)]);
        }
    }
}
