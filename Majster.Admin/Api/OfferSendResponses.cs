using Majster.Core.Offers;

namespace Majster.Admin.Api;

/// <summary>
/// An offer send on the wire: camelCase names mirroring the columns, instants as UTC ISO 8601 with <c>Z</c>. The
/// original <c>schedule-offer</c> answer carries the same fields under the column names (<see cref="OfferSendRow"/>);
/// the lease columns are internal to the engine and left out of both. <c>statusName</c> is what people call it
/// (<see cref="OfferSendStatusName"/>): the status, or <c>cancelled</c> for a pending send a person cancelled.
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
    string StatusName)
{
    /// <summary>
    /// A send as the API answers it; <paramref name="cancelled"/> says whether a person cancelled it, else its events
    /// (when loaded) say so.
    /// </summary>
    public static OfferSendResponse From(OfferSend send, bool? cancelled = null) => new(
        send.Id, send.OfferId, send.UserId, send.ClientEmail, send.ClientName, send.Subject, send.Message, send.PdfUrl,
        send.Status, send.ScheduledFor, send.RetryCount, send.MaxRetries, send.LastRetryAt,
        send.ProcessedAt, send.ErrorMessage, send.CreatedAt, send.UpdatedAt,
        cancelled is { } known ? OfferSendStatusName.Of(send.Status, known) : OfferSendStatusName.Of(send));

    public static OfferSendResponse From(OfferSendListItem item) => From(item.Send, item.Cancelled);
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
