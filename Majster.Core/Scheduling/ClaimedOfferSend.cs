using Majster.Core.Email;

namespace Majster.Core.Scheduling;

/// <summary>
/// A row this instance holds the lease on, with what the e-mail needs from its offer, and its address's
/// <paramref name="Suppression"/> when one was made after the send was scheduled (the send is then refused unsent).
/// </summary>
public sealed record ClaimedOfferSend(
    Guid Id,
    DateTimeOffset ScheduledFor,
    int RetryCount,
    int MaxRetries,
    DateTimeOffset LockedUntil,
    OfferEmail Email,
    Inbound.Suppression? Suppression = null);

/// <summary>What the engine writes back for one claimed row after its attempt.</summary>
public sealed record OfferSendOutcome(
    ClaimedOfferSend Claimed,
    DeliveryResult Delivery,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    Offers.OfferSendStatus Status,
    DateTimeOffset ScheduledFor,
    int RetryCount,
    /// <summary>Set when a retry is scheduled; null keeps the stored value.</summary>
    DateTimeOffset? LastRetryAt,
    DateTimeOffset? ProcessedAt,
    string? ErrorMessage,
    string Action)
{
    /// <summary>Why the send failed, beside <see cref="ErrorMessage"/>; null when it was sent.</summary>
    public Offers.FailureReason? Failure => Status == Offers.OfferSendStatus.Sent ? null : Delivery.Reason;
}
