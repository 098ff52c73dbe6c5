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

/// <summary>Ticks failing in a row: since when, how many, and the last error (type and message).</summary>
public sealed record TickFailure(DateTimeOffset Since, DateTimeOffset LastAt, int Count, string Error);

/// <summary>
/// This process's view of the scheduler: the last completed tick's result, and the ticks that have failed since it
/// (for metrics, health and the dashboard).
/// </summary>
public sealed class SchedulerStatus
{
    private readonly Lock _gate = new();
    private TickResult? _lastTick;
    private TickFailure? _failing;

    public TickResult? LastTick
    {
        get { lock (_gate) { return _lastTick; } }
    }

    /// <summary>The ticks that failed since the last one that completed; null while ticks complete.</summary>
    public TickFailure? Failing
    {
        get { lock (_gate) { return _failing; } }
    }

    public void Record(TickResult tick)
    {
        lock (_gate)
        {
            _lastTick = tick;
            _failing = null;
        }
    }

    public void RecordFailure(DateTimeOffset at, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var error = $"{exception.GetType().Name}: {exception.Message}";
        lock (_gate)
        {
            _failing = _failing is { } failing
                ? failing with { LastAt = at, Count = failing.Count + 1, Error = error }
                : new TickFailure(at, at, 1, error);
        }
    }
}
