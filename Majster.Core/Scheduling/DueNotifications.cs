namespace Majster.Core.Scheduling;

/// <summary>
/// What PostgreSQL's <c>offer_sends_notify_due</c> trigger and the due-send waker agree on: the channel that announces
/// a row becoming claimable, and how far ahead a row's due instant may lie for the write to be announced. The
/// migration's trigger SQL spells them out; a test checks that it names these.
/// </summary>
public static class DueNotifications
{
    public const string Channel = "offer_sends_due";

    /// <summary>
    /// Only rows due within this of the write are announced: any later row is found by the waker's own lookup, which
    /// it makes at least every <c>DueSendWaker.LongestSleep</c>, so the horizon stays well above that sleep. The
    /// margin covers a transaction that commits well after it began (the trigger's <c>now()</c> is its start).
    /// </summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);
}
