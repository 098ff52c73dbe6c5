using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Majster.Core.Scheduling;

/// <summary>
/// What the stages of one <see cref="OfferSendProcessor.RunTickAsync"/> share: the two channels between them, the
/// tokens that stop them, and what they counted.
/// </summary>
internal sealed class TickState : IDisposable
{
    private readonly CancellationTokenRegistration _shutdown;
    private int _sending;

    public TickState(SchedulerOptions options, CancellationToken cancellationToken)
    {
        OutcomeCapacity = 2 * options.BatchSize;
        Rows = Channel.CreateBounded<ClaimedOfferSend>(new BoundedChannelOptions(options.BatchSize) { SingleWriter = true });
        Outcomes = Channel.CreateBounded<OfferSendOutcome>(new BoundedChannelOptions(OutcomeCapacity) { SingleReader = true });
        Stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var grace = options.ShutdownTimeout / 2;
        _shutdown = cancellationToken.Register(() => Abandon.CancelAfter(grace));
    }

    public int OutcomeCapacity { get; }

    /// <summary>
    /// Whether outcomes are still to come soon: a worker is sending, or claimed rows wait for one. Read by the writer
    /// to decide whether to wait for a fuller write. It is read without a lock: a stale answer makes one write smaller,
    /// or one wait last until the next outcome comes or the workers have all stopped (the channel is then completed).
    /// </summary>
    public bool MoreOutcomesComing => Volatile.Read(ref _sending) > 0 || Rows.Reader.Count > 0;

    /// <summary>A worker took a row and is sending it.</summary>
    public void SendStarted() => Interlocked.Increment(ref _sending);

    /// <summary>A worker handed its row's outcome to the writer.</summary>
    public void SendFinished() => Interlocked.Decrement(ref _sending);

    /// <summary>Claimed rows waiting for a worker.</summary>
    public Channel<ClaimedOfferSend> Rows { get; }

    /// <summary>Sent rows' outcomes waiting for the writer.</summary>
    public Channel<OfferSendOutcome> Outcomes { get; }

    /// <summary>Cancelled on shutdown or when a write fails: no more claims, no new sends.</summary>
    public CancellationTokenSource Stop { get; }

    /// <summary>Cancelled a grace period after shutdown began: sends still under way are abandoned.</summary>
    public CancellationTokenSource Abandon { get; } = new();

    /// <summary>Rows claimed in this tick (written by the claimer only).</summary>
    public int Found { get; set; }

    /// <summary>Claimed rows that were never attempted; added to by the claimer and the workers.</summary>
    public ConcurrentQueue<ClaimedOfferSend> Untouched { get; } = new();

    public void Dispose()
    {
        _shutdown.Dispose();
        Stop.Dispose();
        Abandon.Dispose();
    }
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
