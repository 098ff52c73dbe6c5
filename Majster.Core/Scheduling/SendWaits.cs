using Majster.Core.Offers;

namespace Majster.Core.Scheduling;

/// <summary>
/// Why scheduled sends wait and when each is expected to go out (<see cref="SendGate.Expect"/>), for the API and the
/// pages: one read of the sending state and the ledger, and, when limits are set, each send's place in the queue.
/// </summary>
public sealed class SendWaits(OfferSendQueue queue, SendGate gate, TimeProvider clock)
{
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

        var now = clock.GetUtcNow();
        var snapshot = await gate.ReadAsync(now, cancellationToken);
        var ahead = gate.Limited ? await queue.CountAheadAsync(scheduled, now, cancellationToken) : new Dictionary<Guid, int>();
        foreach (var (id, scheduledFor) in scheduled)
        {
            waits[id] = gate.Expect(snapshot, scheduledFor, ahead.GetValueOrDefault(id));
        }

        return waits;
    }

    /// <summary>The expectation of one send, or null when it is not scheduled.</summary>
    public async Task<SendExpectation?> ForAsync(OfferSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        return (await ForAsync([send], cancellationToken)).GetValueOrDefault(send.Id);
    }
}
