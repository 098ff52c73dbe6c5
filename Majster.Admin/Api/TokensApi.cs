using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Core.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>/api/tokens</c>: the caller's own API tokens — issue (plaintext shown once), list, revoke; an admin may revoke
/// anyone's here too (and list a user's under <c>/api/users/{id}/tokens</c>).
/// </summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/tokens", "API tokens");
        group.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("The caller's tokens (never their plaintext)");
        group.MapPost("/", IssueForSelfAsync).WithName("IssueToken").WithSummary("Issue a token for the caller; the plaintext is in this answer only")
            .AcceptsJson<IssueTokenRequest>();
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeToken").WithSummary("Revoke one of the caller's tokens (an admin: anyone's)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<TokenResponse>>> ListAsync(ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var list = await tokens.ListAsync(user.ToActor().UserId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TokenResponse>>([.. list.Select(TokenResponse.From)]);
    }

    public static Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueForSelfAsync(
        HttpRequest request, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken) =>
        IssueAsync(request, user.ToActor().UserId, tokens, cancellationToken);

    public static Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueForUserAsync(
        Guid id, HttpRequest request, ApiTokenService tokens, CancellationToken cancellationToken) =>
        IssueAsync(request, id, tokens, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.RevokeAsync(user.ToActor(), id, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : ApiProblems.From(outcome);
    }

    private static async Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, Guid userId, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var fields = new JsonFields(body);
        var name = fields.RequiredString("name");
        if (fields.Error is { } error)
        {
            return ApiProblems.BadRequest(error);
        }

        var outcome = await tokens.IssueAsync(userId, name!, cancellationToken);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        var issued = outcome.Value!;
        return TypedResults.Created("/api/tokens", new IssuedTokenResponse(
            issued.Token.Id, issued.Token.Name, issued.Token.UserId, issued.Plaintext, IsoInstant.Format(issued.Token.CreatedAt)));
    }
}

/// <summary>The body of <c>POST /api/tokens</c> and <c>POST /api/users/{id}/tokens</c>.</summary>
public sealed record IssueTokenRequest(string Name);

/// <summary>A new token: <see cref="Token"/> is its plaintext, shown this once and stored only as a hash.</summary>
public sealed record IssuedTokenResponse(Guid Id, string Name, Guid UserId, string Token, string CreatedAt);

public sealed record TokenResponse(Guid Id, string Name, string CreatedAt, string? LastUsedAt, string? RevokedAt)
{
    public static TokenResponse From(ApiToken token) => new(
        token.Id, token.Name, IsoInstant.Format(token.CreatedAt),
        OfferSendResponse.Instant(token.LastUsedAt), OfferSendResponse.Instant(token.RevokedAt));
}
