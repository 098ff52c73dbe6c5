using Majster.Core.Email;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// The one place that decides whether sends may go out now. Before a claim: not while sending is paused or the mail
/// server's back-off holds (the claim's SQL reads <see cref="SendingState"/>), not outside the sending hours, and no
/// more than the rolling limits leave room for, counted for the whole fleet under one lock (<see cref="SendPace"/>).
/// After a claim: a send goes out only while at least half its lease is left (one that waited in the buffer longer may
/// be claimed by another instance before its outcome is written, and then both would send it), and not once this
/// process heard a throttling answer. A worker hands back every send it refuses; whoever claims it next decides again.
/// The same rules say when a waiting send is expected to go out.
/// </summary>
public sealed class SendGate
{
    private readonly OfferSendQueue _queue;
    private readonly SchedulerOptions _scheduler;
    private readonly SendingOptions _sending;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _leaseNeeded;
    private long _throttledUntilTicks;

    public SendGate(OfferSendQueue queue, IOptions<SchedulerOptions> scheduler, IOptions<SendingOptions> sending, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(sending);
        (_queue, _scheduler, _sending, _clock) = (queue, scheduler.Value, sending.Value, clock);
        _leaseNeeded = _scheduler.LockTtl / 2;
        Pace = new SendPace(_sending.Limits.Set, new SendingHours(_sending.Window));
    }

    public SendPace Pace { get; }

    /// <summary>Whether any rolling limit is set; without one a claim takes no lock and reads no ledger.</summary>
    public bool Limited => Pace.Limits.Count > 0;

    /// <summary>How far back an attempt may have started and still be counted: no send runs longer than its lease.</summary>
    private TimeSpan Slack => _scheduler.LockTtl;

    public bool MayGoOutNow(ClaimedOfferSend claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var now = _clock.GetUtcNow();
        return claimed.LockedUntil - now >= _leaseNeeded && now.UtcTicks >= Interlocked.Read(ref _throttledUntilTicks);
    }

    /// <summary>Claims the due sends that may go out now, in due order: none outside the sending hours, no more than the limits leave room for.</summary>
    public Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(int batchSize, TimeSpan leaseTtl, string instance, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (!Pace.Hours.IsOpenAt(now))
        {
            return Task.FromResult<IReadOnlyList<ClaimedOfferSend>>([]);
        }

        var budget = Limited
            ? new LimitedBudget(Pace.LedgerSpan, Slack, ledger => Pace.Allowance(ledger, now, batchSize).Now)
            : null;
        return _queue.ClaimAsync(now, batchSize, leaseTtl, instance, budget, cancellationToken);
    }

    /// <summary>
    /// Holds every sender after a throttling answer: this process at once, the fleet through the stored back-off
    /// (<see cref="SendingOptions.ThrottleBackoff"/>, doubling while the answers go on). After a quota answer, also
    /// until the rolling day has room again.
    /// </summary>
    public async Task BackOffAsync(DeliveryResult throttle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttle);
        var now = _clock.GetUtcNow();
        Hold(now + _sending.ThrottleBackoff);
        var notBefore = now;
        if (throttle.IsQuota)
        {
            // The day has room again when the message that filled it leaves the rolling 24 hours: the one the day's
            // limit counts from, or the oldest when the server's quota proved smaller than the limit (or none is set).
            var ledger = (await _queue.ReadPaceAsync(now, OneDay, Slack, cancellationToken)).Ledger;
            var perDay = _sending.Limits.PerDay;
            notBefore = ledger.Count == 0 ? now : (perDay > 0 && ledger.Count >= perDay ? ledger[^perDay] : ledger[0]) + OneDay;
        }

        var until = await _queue.BackOffAsync(now, _sending.ThrottleBackoff, _sending.MaxThrottleBackoff, notBefore, throttle.Error, cancellationToken);
        Hold(until);
        WroteState();
    }

    /// <summary>This process wrote the sending state (a pause, a resume, a back-off): what was read of it is stale.</summary>
    public event Action? StateWritten;

    /// <summary>Raises <see cref="StateWritten"/>.</summary>
    public void WroteState() => StateWritten?.Invoke();

    /// <summary>When something due may next go out, given what the claim would see now; null: not before a person resumes.</summary>
    public async Task<DateTimeOffset?> NextChanceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(now, cancellationToken);
        return HoldAt(snapshot) is { } hold ? hold.Until : now;
    }

    /// <summary>What the gate sees at <paramref name="now"/>: the sending state and the ledger the limits count.</summary>
    public Task<PaceSnapshot> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _queue.ReadPaceAsync(now, Pace.LedgerSpan, Slack, cancellationToken);

    /// <summary>What holds every due send at the snapshot's instant, and until when; null when sends may go out.</summary>
    public SendHold? HoldAt(PaceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (state, now) = (snapshot.State, snapshot.Now);
        if (state.IsPausedAt(now))
        {
            return new SendHold(WaitingFor.Paused, state.PauseUntil);
        }

        if (state.IsThrottledAt(now))
        {
            return new SendHold(WaitingFor.Throttled, state.ThrottledUntil);
        }

        if (!Pace.Hours.IsOpenAt(now))
        {
            return new SendHold(WaitingFor.Window, Pace.Hours.NextOpening(now));
        }

        var (mayGo, next) = Pace.Allowance(snapshot.Ledger, now, 1);
        return mayGo > 0 ? null : new SendHold(WaitingFor.Limit, next);
    }

    /// <summary>
    /// Why a scheduled send due at <paramref name="scheduledFor"/> waits and when it is expected to go out, with
    /// <paramref name="ahead"/> sends before it in the queue.
    /// </summary>
    public SendExpectation Expect(PaceSnapshot snapshot, DateTimeOffset scheduledFor, int ahead)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (state, now) = (snapshot.State, snapshot.Now);
        var due = scheduledFor <= now;
        var start = due ? now : scheduledFor;
        WaitingFor? reason = null;
        if (state.IsPausedAt(now))
        {
            if (state.PauseUntil is not { } pauseEnd)
            {
                return new SendExpectation(WaitingFor.Paused, null);
            }

            reason = WaitingFor.Paused;
            start = Later(start, pauseEnd);
        }

        if (state.IsThrottledAt(now) && state.ThrottledUntil is { } backOffEnd && backOffEnd > start)
        {
            reason ??= WaitingFor.Throttled;
            start = backOffEnd;
        }

        var slot = Pace.Slots(snapshot.Ledger, due ? start : now).Skip(ahead).Select(s => (DateTimeOffset?)s).FirstOrDefault();
        if (slot is not { } expected || Pace.Hours.NextOpening(Later(expected, start)) is not { } opening)
        {
            return new SendExpectation(reason ?? WaitingFor.Window, null);
        }

        if (reason is null && opening > start)
        {
            reason = !Pace.Hours.IsOpenAt(start) ? WaitingFor.Window : due ? WaitingFor.Limit : null;
        }

        return new SendExpectation(reason, opening);
    }

    private void Hold(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _throttledUntilTicks);
        }
        while (ticks > seen && Interlocked.CompareExchange(ref _throttledUntilTicks, ticks, seen) != seen);
    }

    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
