using System.Diagnostics.Metrics;

namespace Majster.Core.Scheduling;

/// <summary>
/// Counts scheduler ticks by outcome (<c>majster.scheduler.ticks</c>): <c>completed</c> is the sign of life the alert
/// "no scheduler instance alive" reads, <c>failed</c> (with <c>error.type</c>, the exception's type) a tick stopped by
/// an error, the database being away as a rule. On the app's own meter (<see cref="IMeterFactory"/>), so a test reads
/// the ticks of its own app.
/// </summary>
public sealed class TickMetrics
{
    public const string Instrument = "majster.scheduler.ticks";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string ErrorTypeTag = "error.type";

    private readonly Counter<long> _ticks;

    public TickMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _ticks = meters.Create(SchedulerTelemetry.Name).CreateCounter<long>(
            Instrument, "{tick}", "Scheduler ticks, by outcome: completed, or failed (stopped by an error)");
    }

    public void RecordCompleted() => _ticks.Add(1, new KeyValuePair<string, object?>(SchedulerTelemetry.OutcomeTag, Completed));

    public void RecordFailed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _ticks.Add(1,
            new KeyValuePair<string, object?>(SchedulerTelemetry.OutcomeTag, Failed),
            new KeyValuePair<string, object?>(ErrorTypeTag, exception.GetType().Name));
    }
}
