namespace Majster.Core.Scheduling;

/// <summary>What one tick did.</summary>
public sealed record TickResult(
    DateTimeOffset StartedAt,
    int Found,
    int Sent,
    int Retried,
    int MarkedFailed,
    int Skipped,
    TimeSpan Duration)
{
    /// <summary>Claimed but not delivered this tick (retried, failed, or released at shutdown).</summary>
    public int NotSent => Found - Sent;
}

/// <summary>This process's view of the scheduler: the last tick's result (for metrics, health and the dashboard).</summary>
public sealed class SchedulerStatus
{
    private TickResult? _lastTick;

    public TickResult? LastTick => Volatile.Read(ref _lastTick);

    public void Record(TickResult tick) => Volatile.Write(ref _lastTick, tick);
}
