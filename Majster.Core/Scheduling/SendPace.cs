namespace Majster.Core.Scheduling;

/// <summary>
/// Where the next sends fall, given the ledger of messages already handed to the mail server: the k-th next send goes
/// out at the earliest instant, not before <c>start</c>, at which every rolling limit has room for it, counting the
/// sends before it, and which lies inside the sending hours. The claim takes the slots that fall now; the API's
/// <c>expectedAt</c> is the slot of a send's place in the queue. One rule for both.
/// </summary>
public sealed class SendPace(IReadOnlyList<RollingLimit> limits, SendingHours hours)
{
    public IReadOnlyList<RollingLimit> Limits => limits;

    public SendingHours Hours => hours;

    /// <summary>The longest window a limit counts over; the ledger need not reach further back.</summary>
    public TimeSpan LedgerSpan => limits.Count == 0 ? TimeSpan.Zero : limits.Max(limit => limit.Window);

    /// <summary>
    /// The instants of the next sends, in order, from <paramref name="start"/> on; ends when the sending hours never
    /// open again. <paramref name="ledger"/>: when each message within <see cref="LedgerSpan"/> went to the server
    /// (ascending; a send under way counts at the instant it was claimed).
    /// </summary>
    public IEnumerable<DateTimeOffset> Slots(IReadOnlyList<DateTimeOffset> ledger, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        List<DateTimeOffset> sent = [.. ledger];
        var slot = start;
        while (true)
        {
            foreach (var limit in limits)
            {
                // The message this one would be the limit's (Messages + 1)-th of must have left the window.
                var index = sent.Count - limit.Messages;
                if (index >= 0 && sent[index] + limit.Window > slot)
                {
                    slot = sent[index] + limit.Window;
                }
            }

            if (hours.NextOpening(slot) is not { } open)
            {
                yield break;
            }

            slot = open;
            sent.Add(slot);
            yield return slot;
        }
    }

    /// <summary>How many sends may go out at <paramref name="now"/> (at most <paramref name="most"/>), and when the next one may after those.</summary>
    public (int Now, DateTimeOffset? Next) Allowance(IReadOnlyList<DateTimeOffset> ledger, DateTimeOffset now, int most)
    {
        var count = 0;
        foreach (var slot in Slots(ledger, now))
        {
            if (slot > now || count == most)
            {
                return (count, slot > now ? slot : null);
            }

            count++;
        }

        return (count, null);
    }
}
