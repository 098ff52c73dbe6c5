namespace Majster.Core.Inbound;

/// <summary>
/// An address no offer may be sent to, because mail to it bounced for good; an admin lifts it by deleting the row.
/// <see cref="Address"/> is in the address rule's one form (domain in lower-case ASCII), so both spellings match.
/// </summary>
public sealed class Suppression
{
    public required string Address { get; set; }

    /// <summary>Why, in words (e.g. <c>Hard bounce</c>).</summary>
    public required string Reason { get; set; }

    public string? Status { get; set; }
    public string? Diagnostic { get; set; }
    public Guid? OfferSendId { get; set; }
    public long? InboundMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The sentence a refused action and the dialogs show.</summary>
    public string Explain() =>
        $"The address {Address} is suppressed: {Reason}" +
        (ReportText.Of(Status, Diagnostic) is { } report ? $" ({report})" : "") +
        $" since {CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}Z. An admin can lift it on the Suppressions page.";
}
