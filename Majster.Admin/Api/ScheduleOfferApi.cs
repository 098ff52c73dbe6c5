using System.Text.Json.Serialization;
using Majster.Admin.Auth;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Core.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// The original <c>schedule-offer</c> contract, hardened: <c>POST /schedule-offer</c> (and its Supabase path)
/// with <c>{offerSendId, scheduledFor}</c>. Unknown fields are ignored, so nothing else can be set through it.
/// </summary>
public static class ScheduleOfferApi
{
    public static IEndpointRouteBuilder MapScheduleOfferApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/", "Schedule offer");
        Describe(group.MapPost("/schedule-offer", ScheduleAsync).WithName("ScheduleOffer"));
        Describe(group.MapPost("/functions/v1/schedule-offer", ScheduleAsync).WithName("ScheduleOfferSupabasePath"));
        return endpoints;
    }

    private static void Describe(RouteHandlerBuilder endpoint) => endpoint
        .WithSummary("Schedule or reschedule an offer send")
        .WithDescription(
            "scheduledFor is ISO 8601 with an explicit offset (Z or ±hh:mm), in the future and at most Scheduler:MaxScheduleAhead ahead. " +
            "With If-Match (an ETag of the send) it applies only to that version of the send: 412 when it has moved on.")
        .AcceptsJson<ScheduleOfferRequest>()
        .Idempotent()
        .WithMetadata(new EntityTagged(AcceptsIfMatch: true))
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<ScheduleOfferResponse>, ProblemHttpResult>> ScheduleAsync(
        ScheduleOfferRequest request, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken)
    {
        if (!EntityTags.TryReadIfMatch(context.Request, out var versions, out var precondition))
        {
            return precondition!;
        }

        var outcome = await sends.ScheduleAsync(context.User.ToActor(), request.OfferSendId, request.ScheduledFor, versions, cancellationToken);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        var send = outcome.Value!;
        EntityTags.Tag(context.Response, send);
        var row = await OfferSendResponse.FromAsync(send, waits, cancellationToken);
        return TypedResults.Ok(new ScheduleOfferResponse(
            true, row, $"Offer scheduled for {IsoInstant.Format(send.ScheduledFor!.Value)}", row.ExpectedAt));
    }
}

/// <summary>The body of <c>POST /schedule-offer</c>: the send, and when, with an explicit offset.</summary>
public sealed record ScheduleOfferRequest(Guid OfferSendId, DateTimeOffset ScheduledFor);

/// <summary>
/// The original's answer: the row under its column names and a message; and when the send is expected to go out (later
/// than asked outside the sending hours, while sending is paused, or behind others at the sending limits).
/// </summary>
public sealed record ScheduleOfferResponse(
    bool Success,
    [property: JsonConverter(typeof(OfferSendRow))] OfferSendResponse OfferSend,
    string Message,
    DateTimeOffset? ExpectedAt);

/// <summary>
/// The <c>offer_sends</c> row under its column names, as the original <c>schedule-offer</c> answered it: an
/// <see cref="OfferSendResponse"/> in snake_case.
/// </summary>
internal sealed class OfferSendRow : SnakeCaseJson<OfferSendResponse>
{
    /// <summary>What came back from the bounce mailbox is not a column of the original's row.</summary>
    public override IReadOnlyCollection<string> LeftOut => ["delivery"];
}
