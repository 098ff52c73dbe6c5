using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Admin.Ui;
using Majster.Core.Data;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary><c>/api/offer-sends</c>: create, list, inspect, and the people's transitions (cancel, send now, retry).</summary>
public static class OfferSendsApi
{
    public static IEndpointRouteBuilder MapOfferSendsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/offer-sends", "Offer sends");
        group.MapPost("/", CreateAsync).WithName("CreateOfferSend")
            .WithSummary("Create an offer send (client fields default from the offer; with scheduledFor it is scheduled)")
            .AcceptsJson<CreateOfferSendRequest>()
            .Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListOfferSends")
            .WithSummary("List offer sends, newest first unless sorted; filter by status, search, days, person and delivery")
            .WithDescription(ListParameters)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/export", ExportAsync).WithName("ExportOfferSends")
            .WithSummary("Every offer send the list's filter matches, as CSV (UTF-8 with a byte-order mark), in the list's order")
            .WithDescription(ListParameters + " Instants are in the caller's time zone with their offset, each followed by its UTC column; " +
                "a cell that a spreadsheet would run as a formula starts with an apostrophe.")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOfferSend")
            .WithSummary("One offer send with its attempts and its events in commit order; its ETag is the send's version")
            .WithMetadata(new EntityTagged(AcceptsIfMatch: false))
            .ProducesProblem(StatusCodes.Status404NotFound);
        Transition(group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelOfferSend").WithSummary("scheduled → pending"));
        Transition(group.MapPost("/{id:guid}/send-now", SendNowAsync).WithName("SendOfferSendNow").WithSummary("pending or scheduled → due now"));
        Transition(group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryOfferSend").WithSummary("failed → scheduled, due now, retries reset"));
        return endpoints;
    }

    private static void Transition(RouteHandlerBuilder endpoint) => endpoint
        .WithDescription("With If-Match (an ETag of the send) the change applies only to that version of it: 412 when it has moved on.")
        .WithMetadata(new EntityTagged(AcceptsIfMatch: true))
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Created<OfferSendResponse>, ProblemHttpResult>> CreateAsync(
        CreateOfferSendRequest request, ClaimsPrincipal user, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken)
    {
        var input = new NewOfferSend(
            request.OfferId, request.ClientEmail, request.ClientName, request.Subject, request.Message, request.PdfUrl, request.ScheduledFor);
        var outcome = await sends.CreateAsync(user.ToActor(), input, cancellationToken);
        return outcome.IsOk
            ? TypedResults.Created($"/api/offer-sends/{outcome.Value!.Id}", await OfferSendResponse.FromAsync(outcome.Value, waits, cancellationToken))
            : ApiProblems.From(outcome);
    }

    private const string ListParameters =
        "status: one or more of pending, scheduled, sent, failed, comma-separated; q: searches the client's e-mail and name, " +
        "the subject and the offer's title; from, to: days (yyyy-MM-dd) in the caller's time zone, both included, on scheduledFor; " +
        "sort: createdAt, scheduledFor, status, clientEmail or subject, with - before it for descending (default -createdAt); " +
        "overdue: true for overdue sends only; person: a user's id (an admin's filter); " +
        "delivery: one of bounced, delayed, autoReplied, replied, for the sends whose delivery (what came back for them) is that.";

    public static async Task<Results<Ok<PagedResponse<OfferSendResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, OfferSendQueries queries, SendWaits waits, MajsterDbContext db,
        string? status, string? q, string? from, string? to, string? sort, string? overdue, string? person, string? delivery, string? page, string? pageSize,
        CancellationToken cancellationToken)
    {
        if (!PageQuery.TryParse(page, pageSize, out var paging, out var pageError))
        {
            return ApiProblems.BadRequest(pageError!);
        }

        if (!OfferSendListParameters.TryParse(status, q, from, to, sort, page, overdue, person, delivery, out var parameters, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        var actor = user.ToActor();
        var zone = await ZoneOfAsync(db, actor, cancellationToken);
        var result = await queries.ListAsync(actor, parameters.ToQuery(zone, paging.PageSize), cancellationToken);
        var expected = await waits.ForAsync(result.Items.Select(item => item.Send), cancellationToken);
        return TypedResults.Ok(new PagedResponse<OfferSendResponse>(
            [.. result.Items.Select(item => OfferSendResponse.From(item, expected.GetValueOrDefault(item.Send.Id)))],
            paging.Page, paging.PageSize, result.Total));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal user, OfferSendQueries queries, SendWaits waits, MajsterDbContext db,
        string? status, string? q, string? from, string? to, string? sort, string? overdue, string? person, string? delivery,
        CancellationToken cancellationToken)
    {
        if (!OfferSendListParameters.TryParse(status, q, from, to, sort, null, overdue, person, delivery, out var parameters, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        var actor = user.ToActor();
        var zone = await ZoneOfAsync(db, actor, cancellationToken);
        var query = parameters.ToQuery(zone, OfferSendQueries.MaxPageSize);
        return TypedResults.Stream(
            body => OfferSendCsv.WriteAsync(body, queries.StreamAsync(actor, query, cancellationToken), zone, cancellationToken),
            OfferSendCsv.ContentType,
            "offer-sends.csv");
    }

    /// <summary>The caller's time zone, in which the list's days are.</summary>
    private static async Task<TimeZoneInfo> ZoneOfAsync(MajsterDbContext db, Actor actor, CancellationToken cancellationToken) =>
        LocalTimes.Zone(await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.TimeZoneId)
            .FirstOrDefaultAsync(cancellationToken));

    public static async Task<Results<Ok<OfferSendDetailResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, HttpResponse response, OfferSendQueries queries, SendWaits waits, CancellationToken cancellationToken)
    {
        var send = await queries.GetAsync(user.ToActor(), id, cancellationToken);
        if (send is null)
        {
            return ApiProblems.NotFound($"Offer send {id} was not found.");
        }

        EntityTags.Tag(response, send);
        return TypedResults.Ok(new OfferSendDetailResponse(
            await OfferSendResponse.FromAsync(send, waits, cancellationToken),
            [.. send.Attempts.Select(OfferSendAttemptResponse.From)],
            [.. send.Events.Select(OfferSendEventResponse.From)]));
    }

    public static Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken) =>
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.CancelAsync(actor, id, versions, cancellationToken), cancelled: true);

    public static Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> SendNowAsync(
        Guid id, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken) =>
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.SendNowAsync(actor, id, versions, cancellationToken));

    public static Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> RetryAsync(
        Guid id, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken) =>
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.RetryAsync(actor, id, versions, cancellationToken));

    /// <summary>A transition under the request's If-Match, answered with the send and its new ETag.</summary>
    private static async Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> ChangeAsync(
        HttpContext context, SendWaits waits, CancellationToken cancellationToken,
        Func<Actor, IReadOnlyCollection<uint>?, Task<Outcome<OfferSend>>> action, bool cancelled = false)
    {
        if (!EntityTags.TryReadIfMatch(context.Request, out var versions, out var problem))
        {
            return problem!;
        }

        var outcome = await action(context.User.ToActor(), versions);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        EntityTags.Tag(context.Response, outcome.Value!);
        return TypedResults.Ok(await OfferSendResponse.FromAsync(outcome.Value!, waits, cancellationToken, cancelled));
    }
}

/// <summary>The body of <c>POST /api/offer-sends</c>: the offer is required; the client fields default from it; with scheduledFor the send is scheduled.</summary>
public sealed record CreateOfferSendRequest(
    Guid OfferId,
    [property: TextLength(OfferInputRules.MaxEmailLength)] string? ClientEmail = null,
    [property: TextLength(OfferInputRules.MaxNameLength)] string? ClientName = null,
    [property: TextLength(OfferInputRules.MaxSubjectLength)] string? Subject = null,
    [property: TextLength(OfferInputRules.MaxMessageLength)] string? Message = null,
    [property: TextLength(OfferInputRules.MaxUrlLength)] string? PdfUrl = null,
    DateTimeOffset? ScheduledFor = null);
