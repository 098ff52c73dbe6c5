using System.Collections.Concurrent;

namespace Majster.Core.Scheduling;

/// <summary>What one tick claimed, and how many of its sends are under way.</summary>
internal sealed class TickProgress
{
    private int _sending;

    /// <summary>Rows claimed in this tick (counted by the claimer only).</summary>
    public int Found { get; set; }

    /// <summary>Claimed rows that were never attempted, to be given back; added to by the claimer and the workers.</summary>
    public ConcurrentQueue<ClaimedOfferSend> Untouched { get; } = new();

    /// <summary>
    /// Whether a worker is sending, so that more outcomes come soon. Read by the writer without a lock: a stale answer
    /// makes one write smaller, or one wait last until the next outcome comes or the tick's sends are all done.
    /// </summary>
    public bool Sending => Volatile.Read(ref _sending) > 0;

    public void SendStarted() => Interlocked.Increment(ref _sending);

    public void SendFinished() => Interlocked.Decrement(ref _sending);
}

/// <summary>What a tick's writer counted of the outcomes it recorded.</summary>
internal sealed class TickTotals
{
    public int Sent { get; set; }
    public int Retried { get; set; }
    public int MarkedFailed { get; set; }

    /// <summary>Outcomes fenced out: the row's lease had expired and another worker held it.</summary>
    public int Skipped { get; set; }
}
