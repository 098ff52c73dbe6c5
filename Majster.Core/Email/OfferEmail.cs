namespace Majster.Core.Email;

/// <summary>
/// Everything one offer e-mail shows: who it goes to, the offer, the staff member's words, and where the client's
/// reply goes (<see cref="ReplyName"/> and <see cref="ReplyAddress"/>: the person the send belongs to; a null address
/// leaves it to <c>Smtp:ReplyTo</c>). The letter is signed with <see cref="ReplyName"/> and <see cref="SenderCompany"/>
/// (the person's company; null = the display name of <c>Smtp:From</c>).
/// </summary>
public sealed record OfferEmail(
    Guid OfferSendId,
    string ClientEmail,
    string? ClientName,
    string Subject,
    string? Message,
    string? PdfUrl,
    string OfferTitle,
    decimal TotalAmount,
    string Currency,
    string Language,
    string? ReplyName,
    string? ReplyAddress,
    string? SenderCompany = null)
{
    /// <summary>The PDF link if it is an http(s) URL; anything else (say, <c>javascript:</c>) is never put in a message.</summary>
    public string? SafePdfUrl =>
        Uri.TryCreate(PdfUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}

/// <summary>How one delivery attempt ended, as the engine records it.</summary>
public sealed record DeliveryResult(
    Offers.AttemptOutcome Outcome, int? SmtpStatusCode = null, string? Error = null, Offers.FailureKind Kind = Offers.FailureKind.Other)
{
    public static readonly DeliveryResult Delivered = new(Offers.AttemptOutcome.Sent);

    /// <summary>A failure that may pass: a 4xx reply (<paramref name="smtpStatusCode"/>), or trouble of <paramref name="kind"/>.</summary>
    public static DeliveryResult Transient(string error, Offers.FailureKind kind = Offers.FailureKind.Other, int? smtpStatusCode = null) =>
        new(Offers.AttemptOutcome.TransientFailure, smtpStatusCode, error, kind);

    /// <summary>The server's answer that the sender goes too fast or is over its quota (<see cref="SmtpFailureClassifier"/>).</summary>
    public static DeliveryResult Throttled(string error, int smtpStatusCode) =>
        new(Offers.AttemptOutcome.TransientFailure, smtpStatusCode, error, Offers.FailureKind.Throttled);

    /// <summary>Whether the server asked every send to hold (<see cref="Throttled"/>).</summary>
    public bool IsThrottle => Outcome != Offers.AttemptOutcome.Sent && Kind == Offers.FailureKind.Throttled;

    /// <summary>Whether the server said the sender's quota is spent (a 5xx throttling answer).</summary>
    public bool IsQuota => IsThrottle && SmtpStatusCode >= 500;

    /// <summary>A refusal that retrying cannot change: a 5xx reply.</summary>
    public static DeliveryResult Permanent(string error, int? smtpStatusCode = null) =>
        new(Offers.AttemptOutcome.PermanentFailure, smtpStatusCode, error);

    /// <summary>Why it failed (a mail server's reply by its code); null when delivered.</summary>
    public Offers.FailureReason? Reason => Outcome == Offers.AttemptOutcome.Sent ? null
        : SmtpStatusCode is { } code ? (IsThrottle ? new Offers.FailureReason(Offers.FailureKind.Throttled, code) : Offers.FailureReason.Smtp(code))
        : new Offers.FailureReason(Kind);
}

/// <summary>Delivers offer e-mails. Implementations are safe to call from several threads at once.</summary>
public interface IOfferEmailSender
{
    /// <summary>Delivers <paramref name="email"/>; never throws for a delivery failure, it classifies it.</summary>
    Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken);
}
