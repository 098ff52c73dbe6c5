using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
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
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListOfferSends")
            .WithSummary("List offer sends, newest first; filter by status and search client e-mail, name and subject")
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

    public static async Task<Results<Ok<PagedResponse<OfferSendResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, OfferSendQueries queries, SendWaits waits, string? status, string? q, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!PageQuery.TryParse(page, pageSize, out var paging, out var pageError))
        {
            return ApiProblems.BadRequest(pageError!);
        }

        OfferSendStatus[] statuses = [];
        if (status is not null)
        {
            if (!OfferSendStatusText.TryParse(status, out var wanted))
            {
                return ApiProblems.BadRequest("status must be one of pending, scheduled, sent, failed.");
            }

            statuses = [wanted];
        }

        if (q is { Length: > OfferSendQueries.MaxSearchLength })
        {
            return ApiProblems.BadRequest($"q must be at most {OfferSendQueries.MaxSearchLength} characters.");
        }

        var result = await queries.ListAsync(
            user.ToActor(),
            new OfferSendListQuery { Statuses = statuses, Search = q, Skip = paging.Skip, Take = paging.PageSize },
            cancellationToken);
        var expected = await waits.ForAsync(result.Items.Select(item => item.Send), cancellationToken);
        return TypedResults.Ok(new PagedResponse<OfferSendResponse>(
            [.. result.Items.Select(item => OfferSendResponse.From(item.Send, expected.GetValueOrDefault(item.Send.Id)))],
            paging.Page, paging.PageSize, result.Total));
    }

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
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.CancelAsync(actor, id, versions, cancellationToken));

    public static Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> SendNowAsync(
        Guid id, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken) =>
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.SendNowAsync(actor, id, versions, cancellationToken));

    public static Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> RetryAsync(
        Guid id, HttpContext context, OfferSendService sends, SendWaits waits, CancellationToken cancellationToken) =>
        ChangeAsync(context, waits, cancellationToken, (actor, versions) => sends.RetryAsync(actor, id, versions, cancellationToken));

    /// <summary>A transition under the request's If-Match, answered with the send and its new ETag.</summary>
    private static async Task<Results<Ok<OfferSendResponse>, ProblemHttpResult>> ChangeAsync(
        HttpContext context, SendWaits waits, CancellationToken cancellationToken, Func<Actor, IReadOnlyCollection<uint>?, Task<Outcome<OfferSend>>> action)
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
        return TypedResults.Ok(await OfferSendResponse.FromAsync(outcome.Value!, waits, cancellationToken));
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
