using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// Sending as a whole, for the API, the pages, readiness and the metrics: the pause, the server's back-off, the limits
/// and how much of them the last minute, hour and day used, and the sending hours.
/// </summary>
public sealed class SendingOverview(OfferSendQueue queue, SendGate gate, IOptions<SendingOptions> options, TimeProvider clock)
{
    public async Task<SendingSummary> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var snapshot = await gate.ReadAsync(now, cancellationToken);
        var usage = await queue.CountUsageAsync(now, cancellationToken);
        var hours = gate.Pace.Hours;
        var opensAt = hours.IsSet && !hours.IsOpenAt(now) ? hours.NextOpening(now) : null;
        return new SendingSummary(snapshot.State, now, options.Value.Limits, usage, options.Value.Window, hours.IsSet, opensAt,
            gate.HoldAt(snapshot));
    }
}

/// <summary>Messages handed to the mail server in the last minute, hour and rolling day.</summary>
public sealed record SendingUsage(int LastMinute, int LastHour, int LastDay);

/// <summary>
/// What <see cref="SendingOverview"/> reports at <paramref name="Now"/>: <paramref name="NextWindowOpensAt"/> is set while
/// outside the sending hours; <paramref name="Hold"/> is what holds every due send now, if anything.
/// </summary>
public sealed record SendingSummary(
    SendingState State,
    DateTimeOffset Now,
    SendingLimits Limits,
    SendingUsage Usage,
    SendingWindowOptions Window,
    bool WindowSet,
    DateTimeOffset? NextWindowOpensAt,
    SendHold? Hold)
{
    public bool Paused => State.IsPausedAt(Now);

    public bool Throttled => State.IsThrottledAt(Now);
}
