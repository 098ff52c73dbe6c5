using Majster.Core.Offers;

namespace Majster.Core.Scheduling;

/// <summary>
/// Why scheduled sends wait and when each is expected to go out (<see cref="SendGate.Expect"/>), for the API and the
/// pages: one read of the sending state and the ledger, and, when limits are set, each send's place in the queue.
/// Without limits only the sending state counts, and a read of it serves the answers of the next
/// <see cref="StateReuse"/>, so that an API call costs no extra round trip; a pause, resume or back-off written by this
/// process is seen at once, one written by another instance within that time.
/// </summary>
public sealed class SendWaits
{
    /// <summary>How long a read of the sending state answers for, when no limit is set.</summary>
    public static readonly TimeSpan StateReuse = TimeSpan.FromSeconds(1);

    private readonly OfferSendQueue _queue;
    private readonly SendGate _gate;
    private readonly TimeProvider _clock;
    private StateRead? _state;

    public SendWaits(OfferSendQueue queue, SendGate gate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(gate);
        (_queue, _gate, _clock) = (queue, gate, clock);
        gate.StateWritten += () => _state = null;
    }

    private sealed record StateRead(SendingState State, long At);

    /// <summary>The expectation of each scheduled send among <paramref name="sends"/>; others are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, SendExpectation>> ForAsync(IEnumerable<OfferSend> sends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sends);
        List<(Guid Id, DateTimeOffset ScheduledFor)> scheduled =
            [.. sends.Where(s => s.Status == OfferSendStatus.Scheduled && s.ScheduledFor is not null).Select(s => (s.Id, s.ScheduledFor!.Value))];
        Dictionary<Guid, SendExpectation> waits = [];
        if (scheduled.Count == 0)
        {
            return waits;
        }

        var now = _clock.GetUtcNow();
        var snapshot = await ReadAsync(now, cancellationToken);
        var ahead = _gate.Limited ? await _queue.CountAheadAsync(scheduled, now, cancellationToken) : new Dictionary<Guid, int>();
        foreach (var (id, scheduledFor) in scheduled)
        {
            waits[id] = _gate.Expect(snapshot, scheduledFor, ahead.GetValueOrDefault(id));
        }

        return waits;
    }

    private async Task<PaceSnapshot> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_gate.Limited && _state is { } read && _clock.GetElapsedTime(read.At) < StateReuse)
        {
            return new PaceSnapshot(read.State, [], now);
        }

        var started = _clock.GetTimestamp();
        var snapshot = await _gate.ReadAsync(now, cancellationToken);
        _state = new StateRead(snapshot.State, started);
        return snapshot;
    }

    /// <summary>The expectation of one send, or null when it is not scheduled.</summary>
    public async Task<SendExpectation?> ForAsync(OfferSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        return (await ForAsync([send], cancellationToken)).GetValueOrDefault(send.Id);
    }
}
