namespace Majster.Core.Offers;

/// <summary>What a person may do to a send right now, by the state machine (the service enforces the same rules).</summary>
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

public static class OfferSendActionRules
{
    /// <summary>Nothing while a worker holds the lease; otherwise by status. <c>sent</c> is final.</summary>
    public static OfferSendAvailableActions For(OfferSend send, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (send.IsLeasedAt(now))
        {
            return OfferSendAvailableActions.None;
        }

        return send.Status switch
        {
            OfferSendStatus.Pending => OfferSendAvailableActions.Schedule | OfferSendAvailableActions.SendNow,
            OfferSendStatus.Scheduled => OfferSendAvailableActions.Reschedule | OfferSendAvailableActions.Cancel | OfferSendAvailableActions.SendNow,
            OfferSendStatus.Failed => OfferSendAvailableActions.Retry,
            _ => OfferSendAvailableActions.None,
        };
    }
}
