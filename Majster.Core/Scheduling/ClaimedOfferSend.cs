using Majster.Core.Email;
using Npgsql;

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
    Inbound.Suppression? Suppression = null)
{
    /// <summary>A row of the claim's statement (<c>OfferSendQueue</c>'s <c>ClaimSql</c>), in its columns' order.</summary>
    internal static ClaimedOfferSend Read(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        return new ClaimedOfferSend(
            id,
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetInt32(2),
            reader.GetInt32(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            new OfferEmail(
                id,
                ClientEmail: reader.GetString(5),
                ClientName: reader.IsDBNull(6) ? null : reader.GetString(6),
                Subject: reader.GetString(7),
                Message: reader.IsDBNull(8) ? null : reader.GetString(8),
                PdfUrl: reader.IsDBNull(9) ? null : reader.GetString(9),
                OfferTitle: reader.GetString(10),
                TotalAmount: reader.GetDecimal(11),
                Currency: reader.GetString(12).Trim(),
                Language: reader.GetString(13),
                ReplyName: reader.IsDBNull(14) ? null : reader.GetString(14),
                ReplyAddress: reader.IsDBNull(15) ? null : reader.GetString(15),
                SenderCompany: reader.IsDBNull(16) ? null : reader.GetString(16)),
            reader.IsDBNull(17) ? null : new Inbound.Suppression
            {
                Address = reader.GetString(5),
                Reason = reader.GetString(17),
                Status = reader.IsDBNull(18) ? null : reader.GetString(18),
                Diagnostic = reader.IsDBNull(19) ? null : reader.GetString(19),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(20),
            });
    }
}

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
