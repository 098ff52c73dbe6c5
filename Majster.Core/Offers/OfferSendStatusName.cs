namespace Majster.Core.Offers;

/// <summary>
/// What a send is called wherever people or clients read it (the grid, its page, the calendar, the CSV, the API's
/// <c>statusName</c>): its status, except that a pending send a person cancelled is <c>cancelled</c>. The stored
/// <c>status</c> keeps the runbook's four values.
/// </summary>
public static class OfferSendStatusName
{
    public const string Cancelled = "cancelled";

    /// <summary>Every name, in the order people read them.</summary>
    public static readonly IReadOnlyList<string> All =
        [OfferSendStatusText.Pending, Cancelled, OfferSendStatusText.Scheduled, OfferSendStatusText.Sent, OfferSendStatusText.Failed];

    /// <summary>
    /// A send leaves pending only by a person's schedule or send-now and comes back only by a cancel, so a pending send
    /// with a cancel in its trail is one whose last change was that cancel.
    /// </summary>
    public static string Of(OfferSendStatus status, bool cancelled) =>
        status == OfferSendStatus.Pending && cancelled ? Cancelled : status.ToText();

    /// <summary>The name of a send loaded with its events.</summary>
    public static string Of(OfferSend send)
    {
        ArgumentNullException.ThrowIfNull(send);
        return Of(send.Status, send.Events.Any(e => e.Action == OfferSendActions.Cancel));
    }
}
