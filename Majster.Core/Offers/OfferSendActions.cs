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
}
