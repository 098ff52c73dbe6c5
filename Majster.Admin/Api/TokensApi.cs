using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
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
        IssueTokenRequest request, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken) =>
        IssueAsync(request, user.ToActor().UserId, tokens, cancellationToken);

    public static Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueForUserAsync(
        Guid id, IssueTokenRequest request, ApiTokenService tokens, CancellationToken cancellationToken) =>
        IssueAsync(request, id, tokens, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.RevokeAsync(user.ToActor(), id, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : ApiProblems.From(outcome);
    }

    private static async Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueAsync(
        IssueTokenRequest request, Guid userId, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.IssueAsync(userId, request.Name, cancellationToken);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        var issued = outcome.Value!;
        return TypedResults.Created("/api/tokens", new IssuedTokenResponse(
            issued.Token.Id, issued.Token.Name, issued.Token.UserId, issued.Plaintext, issued.Token.CreatedAt));
    }
}

/// <summary>The body of <c>POST /api/tokens</c> and <c>POST /api/users/{id}/tokens</c>.</summary>
public sealed record IssueTokenRequest(
    [property: StringLength(ApiTokenService.MaxNameLength, ErrorMessage = "name must be at most {1} characters.")] string Name);

/// <summary>A new token: <see cref="Token"/> is its plaintext, shown this once and stored only as a hash.</summary>
public sealed record IssuedTokenResponse(Guid Id, string Name, Guid UserId, string Token, DateTimeOffset CreatedAt);

public sealed record TokenResponse(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenResponse From(ApiToken token) => new(token.Id, token.Name, token.CreatedAt, token.LastUsedAt, token.RevokedAt);
}
