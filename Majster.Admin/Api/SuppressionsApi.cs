using Majster.Admin.Auth;
using Majster.Core.Inbound;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>/api/suppressions</c> (admins; staff get 403): the addresses no offer is sent to because mail to them bounced for
/// good, and lifting one. Addresses are compared in the address rule's form, so <c>Jan@Żółw.PL</c> names
/// <c>Jan@xn--w-uga1v8h.pl</c>.
/// </summary>
public static class SuppressionsApi
{
    public const int MaxListed = 500;

    public static IEndpointRouteBuilder MapSuppressionsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/suppressions", "Suppressions", ApiAuthExtensions.ApiAdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListSuppressions")
            .WithSummary($"Suppressed addresses, newest first (at most {MaxListed}); q searches the address")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{address}", LiftAsync).WithName("LiftSuppression")
            .WithSummary("Lift the suppression of an address: offers may be sent to it again")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Results<Ok<IReadOnlyList<SuppressionResponse>>, ProblemHttpResult>> ListAsync(
        SuppressionList suppressions, string? q, CancellationToken cancellationToken)
    {
        if (q is { Length: > Core.Offers.OfferInputRules.MaxEmailLength })
        {
            return ApiProblems.BadRequest($"q must be at most {Core.Offers.OfferInputRules.MaxEmailLength} characters.");
        }

        var list = await suppressions.ListAsync(q, MaxListed, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SuppressionResponse>>([.. list.Select(SuppressionResponse.From)]);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> LiftAsync(
        string address, SuppressionList suppressions, CancellationToken cancellationToken) =>
        await suppressions.LiftAsync(address, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"The address {address} is not suppressed.");
}

public sealed record SuppressionResponse(
    string Address, string Reason, string? Status, string? Diagnostic, Guid? OfferSendId, DateTimeOffset CreatedAt)
{
    public static SuppressionResponse From(Suppression suppression) => new(
        suppression.Address, suppression.Reason, suppression.Status, suppression.Diagnostic, suppression.OfferSendId, suppression.CreatedAt);
}
