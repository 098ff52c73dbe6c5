namespace Majster.Core.Offers;

/// <summary>The <c>offer_send_events.action</c> values people cause.</summary>
public static class OfferSendActions
{
    public const string Create = "create";
    public const string Schedule = "schedule";
    public const string Reschedule = "reschedule";
    public const string Cancel = "cancel";
    public const string SendNow = "send_now";
    public const string Retry = "retry";

    /// <summary>The event value of one of the state machine's actions.</summary>
    public static string Of(OfferSendAvailableActions action) => action switch
    {
        OfferSendAvailableActions.Schedule => Schedule,
        OfferSendAvailableActions.Reschedule => Reschedule,
        OfferSendAvailableActions.Cancel => Cancel,
        OfferSendAvailableActions.SendNow => SendNow,
        OfferSendAvailableActions.Retry => Retry,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not one action."),
    };
}
