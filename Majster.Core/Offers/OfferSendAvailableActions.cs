namespace Majster.Core.Offers;

/// <summary>What a person may do to a send right now, by the state machine (<see cref="OfferSendActionRules"/>).</summary>
[Flags]
public enum OfferSendAvailableActions
{
    None = 0,
    Schedule = 1,
    Reschedule = 2,
    Cancel = 4,
    SendNow = 8,
    Retry = 16,
}

/// <summary>
/// The people's side of the state machine, in one place: the pages ask it which buttons to offer and
/// <see cref="OfferSendService"/> asks it whether to make a change.
/// </summary>
public static class OfferSendActionRules
{
    /// <summary>Nothing while a worker holds the lease; otherwise what the status allows.</summary>
    public static OfferSendAvailableActions For(OfferSend send, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(send);
        return send.IsLeasedAt(now) ? OfferSendAvailableActions.None : ByStatus(send.Status);
    }

    /// <summary>What a send in <paramref name="status"/> allows when no worker holds it. <c>sent</c> is final.</summary>
    public static OfferSendAvailableActions ByStatus(OfferSendStatus status) => status switch
    {
        OfferSendStatus.Pending => OfferSendAvailableActions.Schedule | OfferSendAvailableActions.SendNow,
        OfferSendStatus.Scheduled => OfferSendAvailableActions.Reschedule | OfferSendAvailableActions.Cancel | OfferSendAvailableActions.SendNow,
        OfferSendStatus.Failed => OfferSendAvailableActions.Retry,
        _ => OfferSendAvailableActions.None,
    };

    /// <summary>The statuses that allow any of <paramref name="actions"/>, in the enum's order.</summary>
    public static IEnumerable<OfferSendStatus> StatusesAllowing(OfferSendAvailableActions actions) =>
        Enum.GetValues<OfferSendStatus>().Where(status => (ByStatus(status) & actions) != OfferSendAvailableActions.None);

    /// <summary>
    /// Whether <paramref name="send"/> allows <paramref name="action"/> now, for acting on many sends together: giving a
    /// time counts as <see cref="OfferSendAvailableActions.Schedule"/> whether a send has one (reschedule) or not.
    /// </summary>
    public static bool Allows(OfferSend send, OfferSendAvailableActions action, DateTimeOffset now)
    {
        var allowed = For(send, now);
        if (allowed.HasFlag(OfferSendAvailableActions.Reschedule))
        {
            allowed |= OfferSendAvailableActions.Schedule;
        }

        return action != OfferSendAvailableActions.None && allowed.HasFlag(action);
    }
}
