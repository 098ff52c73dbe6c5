namespace Majster.Core.Offers;

/// <summary>
/// Where an offer send stands. Stored as lower-case text (<c>pending</c>, <c>scheduled</c>, <c>sent</c>,
/// <c>failed</c>), the original system's values. Each value says who moves a row in and out of it.
/// </summary>
public enum OfferSendStatus
{
    /// <summary>
    /// Not scheduled. In: a person creates a send without a time, or cancels a scheduled one.
    /// Out: a person schedules it (→ <see cref="Scheduled"/>) or sends it now (→ <see cref="Scheduled"/>, due at once).
    /// </summary>
    Pending,

    /// <summary>
    /// Waiting for <c>scheduled_for</c>. In: a person schedules, reschedules, sends now or retries; the engine after a
    /// transient failure with retries left. Out: the engine, once it is due and claimed (→ <see cref="Sent"/> or
    /// <see cref="Failed"/>, or back here with a backoff); a person cancels (→ <see cref="Pending"/>).
    /// </summary>
    Scheduled,

    /// <summary>Delivered to the SMTP server. In: the engine only. Out: nobody; final.</summary>
    Sent,

    /// <summary>
    /// Gave up. In: the engine, after a permanent rejection or when retries are exhausted.
    /// Out: a person retries it (→ <see cref="Scheduled"/>, retry count reset).
    /// </summary>
    Failed,
}

/// <summary>The text form of <see cref="OfferSendStatus"/> used in the database and on the wire.</summary>
public static class OfferSendStatusText
{
    public const string Pending = "pending";
    public const string Scheduled = "scheduled";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public static string ToText(this OfferSendStatus status) => status switch
    {
        OfferSendStatus.Pending => Pending,
        OfferSendStatus.Scheduled => Scheduled,
        OfferSendStatus.Sent => Sent,
        OfferSendStatus.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out OfferSendStatus status)
    {
        switch (text)
        {
            case Pending: status = OfferSendStatus.Pending; return true;
            case Scheduled: status = OfferSendStatus.Scheduled; return true;
            case Sent: status = OfferSendStatus.Sent; return true;
            case Failed: status = OfferSendStatus.Failed; return true;
            default: status = default; return false;
        }
    }

    public static OfferSendStatus Parse(string text) =>
        TryParse(text, out var status) ? status : throw new FormatException($"Unknown offer send status '{text}'.");
}
