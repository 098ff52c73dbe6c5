using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// The one place that decides whether a claimed send may go out now; a worker hands back every send it refuses, and
/// whoever claims that row next decides again. A send goes out only while at least half its lease is left: one that
/// waited in the buffer longer may be claimed by another instance before its outcome is written, and then both would
/// send it.
/// </summary>
public sealed class SendGate(IOptions<SchedulerOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _leaseNeeded = options.Value.LockTtl / 2;

    public bool MayGoOutNow(ClaimedOfferSend claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return claimed.LockedUntil - clock.GetUtcNow() >= _leaseNeeded;
    }
}
