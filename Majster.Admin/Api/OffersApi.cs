using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Majster.Admin.Api;

/// <summary><c>/api/offers</c>: staff create and read their offers; admins read all.</summary>
public static class OffersApi
{
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/offers", "Offers");
        group.MapPost("/", CreateAsync).WithName("CreateOffer").WithSummary("Create an offer")
            .AcceptsJson<CreateOfferRequest>()
            .Idempotent();
        group.MapGet("/", ListAsync).WithName("ListOffers").WithSummary("List offers, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOffer").WithSummary("One offer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Results<Created<OfferResponse>, ProblemHttpResult>> CreateAsync(
        CreateOfferRequest request, ClaimsPrincipal user, OfferService offers, CancellationToken cancellationToken)
    {
        var input = new NewOffer(request.Title, request.ClientName, request.ClientEmail, request.TotalAmount, request.Currency, request.Language);
        var outcome = await offers.CreateAsync(user.ToActor(), input, cancellationToken);
        return outcome.IsOk
            ? TypedResults.Created($"/api/offers/{outcome.Value!.Id}", OfferResponse.From(outcome.Value))
            : ApiProblems.From(outcome);
    }

    public static async Task<Results<Ok<PagedResponse<OfferResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MajsterDbContext db, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!PageQuery.TryParse(page, pageSize, out var paging, out var error))
        {
            return ApiProblems.BadRequest(error!);
        }

        var actor = user.ToActor();
        var query = db.Offers.AsNoTracking().Where(o => actor.IsAdmin || o.UserId == actor.UserId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<OfferResponse>([.. items.Select(OfferResponse.From)], paging.Page, paging.PageSize, total));
    }

    public static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MajsterDbContext db, CancellationToken cancellationToken)
    {
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return offer is not null && user.ToActor().CanSee(offer.UserId)
            ? TypedResults.Ok(OfferResponse.From(offer))
            : ApiProblems.NotFound($"Offer {id} was not found.");
    }
}

/// <summary>The body of <c>POST /api/offers</c>; every field is required, and checked as <see cref="OfferService"/> checks it.</summary>
public sealed record CreateOfferRequest(
    [property: TextLength(OfferInputRules.MaxTitleLength)] string Title,
    [property: TextLength(OfferInputRules.MaxNameLength)] string ClientName,
    [property: TextLength(OfferInputRules.MaxEmailLength)] string ClientEmail,
    decimal TotalAmount,
    [property: CurrencyCode] string Currency,
    [property: Language] string Language);

public sealed record OfferResponse(
    Guid Id, Guid UserId, string Title, string ClientName, string ClientEmail, decimal TotalAmount, string Currency, string Language,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OfferResponse From(Offer offer) => new(
        offer.Id, offer.UserId, offer.Title, offer.ClientName, offer.ClientEmail, offer.TotalAmount, offer.Currency, offer.Language,
        offer.CreatedAt, offer.UpdatedAt);
}
