using System.Text.Json.Serialization;
using Majster.Core.Offers;
using Majster.Core.Time;

namespace Majster.Admin.Api;

/// <summary>An offer send on the wire: camelCase names mirroring the columns, instants as UTC ISO 8601 with <c>Z</c>.</summary>
public sealed record OfferSendResponse(
    Guid Id,
    Guid OfferId,
    Guid UserId,
    string ClientEmail,
    string? ClientName,
    string Subject,
    string? Message,
    string? PdfUrl,
    string Status,
    string? ScheduledFor,
    int RetryCount,
    int MaxRetries,
    string? LastRetryAt,
    string? ProcessedAt,
    string? ErrorMessage,
    string CreatedAt,
    string UpdatedAt)
{
    public static OfferSendResponse From(OfferSend send) => new(
        send.Id, send.OfferId, send.UserId, send.ClientEmail, send.ClientName, send.Subject, send.Message, send.PdfUrl,
        send.Status.ToText(), Instant(send.ScheduledFor), send.RetryCount, send.MaxRetries, Instant(send.LastRetryAt),
        Instant(send.ProcessedAt), send.ErrorMessage, IsoInstant.Format(send.CreatedAt), IsoInstant.Format(send.UpdatedAt));

    internal static string? Instant(DateTimeOffset? value) => value is { } instant ? IsoInstant.Format(instant) : null;
}

/// <summary>An offer send with its attempts and its audit trail.</summary>
public sealed record OfferSendDetailResponse(
    OfferSendResponse OfferSend,
    IReadOnlyList<OfferSendAttemptResponse> Attempts,
    IReadOnlyList<OfferSendEventResponse> Events);

public sealed record OfferSendAttemptResponse(
    int AttemptNumber, string StartedAt, string FinishedAt, string Outcome, int? SmtpStatusCode, string? Error, string Instance)
{
    public static OfferSendAttemptResponse From(OfferSendAttempt attempt) => new(
        attempt.AttemptNumber, IsoInstant.Format(attempt.StartedAt), IsoInstant.Format(attempt.FinishedAt),
        attempt.Outcome.ToText(), attempt.SmtpStatusCode, attempt.Error, attempt.Instance);
}

public sealed record OfferSendEventResponse(
    string At, string Actor, string Action, string? StatusBefore, string StatusAfter, string? ScheduledForBefore, string? ScheduledForAfter, string? Note)
{
    public static OfferSendEventResponse From(OfferSendEvent e) => new(
        IsoInstant.Format(e.At), e.Actor, e.Action, e.StatusBefore?.ToText(), e.StatusAfter.ToText(),
        OfferSendResponse.Instant(e.ScheduledForBefore), OfferSendResponse.Instant(e.ScheduledForAfter), e.Note);
}

/// <summary>A page of a list.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>
/// The <c>offer_sends</c> row under its column names, as the original <c>schedule-offer</c> answered it. The lease
/// columns are internal to the engine and left out.
/// </summary>
public sealed record OfferSendRow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("offer_id")] Guid OfferId,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("client_email")] string ClientEmail,
    [property: JsonPropertyName("client_name")] string? ClientName,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("pdf_url")] string? PdfUrl,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("scheduled_for")] string? ScheduledFor,
    [property: JsonPropertyName("retry_count")] int RetryCount,
    [property: JsonPropertyName("max_retries")] int MaxRetries,
    [property: JsonPropertyName("last_retry_at")] string? LastRetryAt,
    [property: JsonPropertyName("processed_at")] string? ProcessedAt,
    [property: JsonPropertyName("error_message")] string? ErrorMessage,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt)
{
    public static OfferSendRow From(OfferSend send)
    {
        var wire = OfferSendResponse.From(send);
        return new OfferSendRow(
            wire.Id, wire.OfferId, wire.UserId, wire.ClientEmail, wire.ClientName, wire.Subject, wire.Message, wire.PdfUrl,
            wire.Status, wire.ScheduledFor, wire.RetryCount, wire.MaxRetries, wire.LastRetryAt, wire.ProcessedAt,
            wire.ErrorMessage, wire.CreatedAt, wire.UpdatedAt);
    }
}
