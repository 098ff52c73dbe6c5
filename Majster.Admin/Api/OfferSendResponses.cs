using Majster.Core.Offers;
using Majster.Core.Scheduling;

namespace Majster.Admin.Api;

/// <summary>
/// An offer send on the wire: camelCase names mirroring the columns, instants as UTC ISO 8601 with <c>Z</c>. The
/// original <c>schedule-offer</c> answer carries the same fields under the column names (<see cref="OfferSendRow"/>);
/// the lease columns are internal to the engine and left out of both. A scheduled send also says why it waits, if it does
/// (<c>waitingFor</c>: <c>limit</c>, <c>paused</c>, <c>window</c> or <c>throttled</c>), and when it is expected to go
/// out (<c>expectedAt</c>; null while paused with no end); other sends carry null in both. <c>statusName</c> is what
/// people call it (<see cref="OfferSendStatusName"/>): the status, or <c>cancelled</c> for a pending send a person cancelled.
/// </summary>
public sealed record OfferSendResponse(
    Guid Id,
    Guid OfferId,
    Guid UserId,
    string ClientEmail,
    string? ClientName,
    string Subject,
    string? Message,
    string? PdfUrl,
    OfferSendStatus Status,
    DateTimeOffset? ScheduledFor,
    int RetryCount,
    int MaxRetries,
    DateTimeOffset? LastRetryAt,
    DateTimeOffset? ProcessedAt,
    string? ErrorMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string StatusName,
    DeliveryResponse? Delivery,
    string? WaitingFor,
    DateTimeOffset? ExpectedAt)
{
    /// <summary>
    /// A send as the API answers it, with why it waits (<paramref name="expectation"/>); <paramref name="cancelled"/>
    /// says whether a person cancelled it, else its events (when loaded) say so.
    /// </summary>
    public static OfferSendResponse From(OfferSend send, SendExpectation? expectation, bool? cancelled = null) => new(
        send.Id, send.OfferId, send.UserId, send.ClientEmail, send.ClientName, send.Subject, send.Message, send.PdfUrl,
        send.Status, send.ScheduledFor, send.RetryCount, send.MaxRetries, send.LastRetryAt,
        send.ProcessedAt, send.ErrorMessage, send.CreatedAt, send.UpdatedAt,
        cancelled is { } known ? OfferSendStatusName.Of(send.Status, known) : OfferSendStatusName.Of(send),
        DeliveryResponse.Of(send.Delivery), expectation?.WaitingFor?.ToString().ToLowerInvariant(), expectation?.ExpectedAt);

    public static OfferSendResponse From(OfferSendListItem item, SendExpectation? expectation) =>
        From(item.Send, expectation, item.Cancelled);

    /// <summary>The send with its expectation read now.</summary>
    public static async Task<OfferSendResponse> FromAsync(
        OfferSend send, SendWaits waits, CancellationToken cancellationToken, bool? cancelled = null)
    {
        ArgumentNullException.ThrowIfNull(waits);
        return From(send, await waits.ForAsync(send, cancellationToken), cancelled);
    }
}

/// <summary>
/// What came back from the bounce mailbox for a send (null while nothing did): <c>outcome</c> is one of
/// <c>bounced</c>, <c>delayed</c>, <c>autoReplied</c>, <c>replied</c>; <c>status</c> and <c>diagnostic</c> are the
/// report's; <c>from</c> and <c>at</c> the message's sender and date.
/// </summary>
public sealed record DeliveryResponse(string Outcome, string? Status, string? Diagnostic, string? From, DateTimeOffset At)
{
    public static DeliveryResponse? Of(Majster.Core.Inbound.OfferSendDelivery? delivery) => delivery is null ? null
        : new(Majster.Core.Inbound.InboundOutcomeText.ToText(delivery.Outcome), delivery.Status, delivery.Diagnostic, delivery.From, delivery.At);
}

/// <summary>An offer send with its attempts and its audit trail.</summary>
public sealed record OfferSendDetailResponse(
    OfferSendResponse OfferSend,
    IReadOnlyList<OfferSendAttemptResponse> Attempts,
    IReadOnlyList<OfferSendEventResponse> Events);

public sealed record OfferSendAttemptResponse(
    int AttemptNumber, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, AttemptOutcome Outcome, int? SmtpStatusCode, string? Error, string Instance)
{
    public static OfferSendAttemptResponse From(OfferSendAttempt attempt) => new(
        attempt.AttemptNumber, attempt.StartedAt, attempt.FinishedAt, attempt.Outcome, attempt.SmtpStatusCode, attempt.Error, attempt.Instance);
}

public sealed record OfferSendEventResponse(
    DateTimeOffset At,
    string Actor,
    string Action,
    OfferSendStatus? StatusBefore,
    OfferSendStatus StatusAfter,
    DateTimeOffset? ScheduledForBefore,
    DateTimeOffset? ScheduledForAfter,
    string? Note)
{
    public static OfferSendEventResponse From(OfferSendEvent e) => new(
        e.At, e.Actor, e.Action, e.StatusBefore, e.StatusAfter, e.ScheduledForBefore, e.ScheduledForAfter, e.Note);
}

/// <summary>A page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
