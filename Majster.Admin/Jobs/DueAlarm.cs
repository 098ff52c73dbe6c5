namespace Majster.Admin.Jobs;

/// <summary>
/// The due-send waker's alarm clock. Notifications say when a row becomes due; only one earlier than the instant the
/// waker sleeps until needs to wake it. While the waker is ticking its alarm is off and notifications are only
/// collected: the next <see cref="Arm"/> folds them in, so none is lost between a tick and the sleep after it.
/// Thread-safe: notifications arrive on the listening connection's thread.
/// </summary>
internal sealed class DueAlarm
{
    private const long Off = long.MinValue;
    private const long NothingNotified = long.MaxValue;

    private long _alarmTicks = Off;
    private long _earliestNotifiedTicks = NothingNotified;

    /// <summary>
    /// Records that a row is due at <paramref name="due"/> (null: unknown, as good as now). True when the sleeping
    /// waker must be woken because that is earlier than its alarm.
    /// </summary>
    public bool Notify(DateTimeOffset? due)
    {
        var ticks = (due ?? DateTimeOffset.MinValue).UtcTicks;
        var seen = Volatile.Read(ref _earliestNotifiedTicks);
        while (ticks < seen)
        {
            var previous = Interlocked.CompareExchange(ref _earliestNotifiedTicks, ticks, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }

        return ticks < Interlocked.Read(ref _alarmTicks);
    }

    /// <summary>
    /// Sets the alarm before a sleep and answers when to wake: <paramref name="until"/>, or earlier when a notification
    /// since the last <see cref="Disarm"/> asked for it.
    /// </summary>
    public DateTimeOffset Arm(DateTimeOffset until)
    {
        Interlocked.Exchange(ref _alarmTicks, until.UtcTicks);
        var notified = Interlocked.Exchange(ref _earliestNotifiedTicks, NothingNotified);
        if (notified >= until.UtcTicks)
        {
            return until;
        }

        Interlocked.Exchange(ref _alarmTicks, notified);
        return new DateTimeOffset(notified, TimeSpan.Zero);
    }

    /// <summary>Turns the alarm off after a sleep and answers the earliest instant notified during it, if any.</summary>
    public DateTimeOffset? Disarm()
    {
        Interlocked.Exchange(ref _alarmTicks, Off);
        var notified = Interlocked.Exchange(ref _earliestNotifiedTicks, NothingNotified);
        return notified == NothingNotified ? null : new DateTimeOffset(notified, TimeSpan.Zero);
    }
}
