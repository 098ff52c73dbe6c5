using Majster.Core.Offers;

namespace Majster.Admin.Api;

/// <summary>
/// An offer send on the wire: camelCase names mirroring the columns, instants as UTC ISO 8601 with <c>Z</c>. The
/// original <c>schedule-offer</c> answer carries the same fields under the column names (<see cref="OfferSendRow"/>);
/// the lease columns are internal to the engine and left out of both.
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
    DeliveryResponse? Delivery)
{
    public static OfferSendResponse From(OfferSend send) => new(
        send.Id, send.OfferId, send.UserId, send.ClientEmail, send.ClientName, send.Subject, send.Message, send.PdfUrl,
        send.Status, send.ScheduledFor, send.RetryCount, send.MaxRetries, send.LastRetryAt,
        send.ProcessedAt, send.ErrorMessage, send.CreatedAt, send.UpdatedAt, DeliveryResponse.Of(send.Delivery));
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
