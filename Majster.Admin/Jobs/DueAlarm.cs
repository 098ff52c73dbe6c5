namespace Majster.Admin.Jobs;

/// <summary>
/// The due-send waker's alarm clock. Notifications say when a row becomes due; only one earlier than the instant the
/// waker sleeps until needs to wake it. While the waker is ticking its alarm is off and notifications are only
/// collected: the next <see cref="Arm"/> folds them in, so none is lost between a tick and the sleep after it.
/// Thread-safe: notifications arrive on the listening connection's thread.
/// </summary>
internal sealed class DueAlarm
{
    private readonly Lock _lock = new();

    /// <summary>The instant the waker sleeps until; null while it is ticking.</summary>
    private DateTimeOffset? _alarm;

    /// <summary>The earliest instant notified since the alarm was last set or turned off.</summary>
    private DateTimeOffset? _earliestNotified;

    /// <summary>
    /// Records that a row is due at <paramref name="due"/> (null: unknown, as good as now). True when the sleeping
    /// waker must be woken because that is earlier than its alarm.
    /// </summary>
    public bool Notify(DateTimeOffset? due)
    {
        var at = due ?? DateTimeOffset.MinValue;
        lock (_lock)
        {
            if (_earliestNotified is null || at < _earliestNotified)
            {
                _earliestNotified = at;
            }

            return at < _alarm;
        }
    }

    /// <summary>
    /// Sets the alarm before a sleep and answers when to wake: <paramref name="until"/>, or earlier when a notification
    /// since the last <see cref="Disarm"/> asked for it.
    /// </summary>
    public DateTimeOffset Arm(DateTimeOffset until)
    {
        lock (_lock)
        {
            var wakeAt = _earliestNotified < until ? _earliestNotified.Value : until;
            _alarm = wakeAt;
            _earliestNotified = null;
            return wakeAt;
        }
    }

    /// <summary>Turns the alarm off after a sleep and answers the earliest instant notified during it, if any.</summary>
    public DateTimeOffset? Disarm()
    {
        lock (_lock)
        {
            var notified = _earliestNotified;
            _alarm = null;
            _earliestNotified = null;
            return notified;
        }
    }
}
