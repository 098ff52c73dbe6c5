namespace Majster.Core.Inbound;

/// <summary>
/// What came back for one send, as the send shows it (<c>offerSend.delivery</c>): the weightiest, latest inbound
/// message matched to it (<see cref="InboundOutcomeText.Weight"/>). The send's status stays as the engine left it.
/// </summary>
public sealed class OfferSendDelivery
{
    public Guid OfferSendId { get; set; }
    public InboundOutcome Outcome { get; set; }
    public string? Status { get; set; }
    public string? Diagnostic { get; set; }
    public string? From { get; set; }
    public DateTimeOffset At { get; set; }
    public long InboundMessageId { get; set; }
}
