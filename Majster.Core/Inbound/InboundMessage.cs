namespace Majster.Core.Inbound;

/// <summary>
/// One message read from the bounce mailbox, as it was understood: what it says (<see cref="Outcome"/>, null when
/// nothing), which send it belongs to (null when none), and its words as plain text. Inbound mail is written by
/// strangers: <see cref="Text"/> is shown as text, never as HTML.
/// </summary>
public sealed class InboundMessage
{
    public long Id { get; set; }

    /// <summary>The message's own Message-ID header, when it has one.</summary>
    public string? MessageId { get; set; }

    public string? From { get; set; }
    public string? Subject { get; set; }

    /// <summary>When the message says it was written (its Date header), else when it was read.</summary>
    public DateTimeOffset At { get; set; }

    public DateTimeOffset ReadAt { get; set; }
    public InboundOutcome? Outcome { get; set; }
    public Guid? OfferSendId { get; set; }

    /// <summary>The enhanced status code of a bounce or delay (e.g. <c>5.1.1</c>).</summary>
    public string? Status { get; set; }

    /// <summary>The receiving server's own words about the failure.</summary>
    public string? Diagnostic { get; set; }

    /// <summary>The address the report says failed.</summary>
    public string? Recipient { get; set; }

    /// <summary>The readable text of the message, cut to <see cref="InboundMessageReading.MaxTextLength"/> characters.</summary>
    public string? Text { get; set; }

    /// <summary>The mailbox folder the message was moved to.</summary>
    public required string Folder { get; set; }

    /// <summary>Why the message could not be read, when it could not.</summary>
    public string? Warning { get; set; }
}
