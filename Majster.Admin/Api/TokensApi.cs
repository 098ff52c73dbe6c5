using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>/api/tokens</c>: the caller's own API tokens — issue (plaintext shown once), list, revoke; an admin may revoke
/// anyone's here too (and list a user's under <c>/api/users/{id}/tokens</c>). A token cannot mint tokens, for its own
/// user or (an admin's) for another: issuing answers 403 to any bearer token, so revoking a leaked token shuts out
/// whoever holds it, and two admins' tokens cannot mint each other new ones. A user holds at
/// most <see cref="ApiTokenService.MaxActivePerUser"/> active tokens (409 beyond).
/// </summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/tokens", "API tokens");
        group.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("The caller's tokens (never their plaintext)");
        group.MapPost("/", IssueForSelfAsync).WithName("IssueToken")
            .WithSummary("Issue a token for the caller; the plaintext is in this answer only")
            .WithDescription("Only from a signed-in browser session: a bearer token gets 403. 409 when the caller already has the most active tokens allowed.")
            .AcceptsJson<IssueTokenRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
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
        IssueTokenRequest request, ClaimsPrincipal user, ApiTokenService tokens, TimeProvider clock, CancellationToken cancellationToken) =>
        IssueAsync(request, user, user.ToActor().UserId, tokens, clock, cancellationToken);

    /// <summary>An admin issues a token for a user, from a signed-in session (a bearer token gets 403).</summary>
    public static Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueForUserAsync(
        Guid id, IssueTokenRequest request, ClaimsPrincipal user, ApiTokenService tokens, TimeProvider clock, CancellationToken cancellationToken) =>
        IssueAsync(request, user, id, tokens, clock, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.RevokeAsync(user.ToActor(), id, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : ApiProblems.From(outcome);
    }

    private static async Task<Results<Created<IssuedTokenResponse>, ProblemHttpResult>> IssueAsync(
        IssueTokenRequest request, ClaimsPrincipal caller, Guid userId, ApiTokenService tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        // A bad request is a 400 whoever sends it; only a valid one is weighed against the caller.
        if (ApiTokenService.CheckRequest(request.Name, request.ExpiresAt, clock.GetUtcNow()) is { } invalid)
        {
            return ApiProblems.BadRequest(invalid.Message);
        }

        if (caller.Identity?.AuthenticationType == ApiAuthExtensions.BearerScheme)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden,
                "A token cannot issue tokens, for any user: issue one from a signed-in session (the Account page).");
        }

        var outcome = await tokens.IssueAsync(userId, request.Name, cancellationToken, request.ExpiresAt);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        var issued = outcome.Value!;
        return TypedResults.Created("/api/tokens", new IssuedTokenResponse(
            issued.Token.Id, issued.Token.Name, issued.Token.UserId, issued.Plaintext, issued.Token.CreatedAt, issued.Token.ExpiresAt));
    }
}

/// <summary>The body of <c>POST /api/tokens</c> and <c>POST /api/users/{id}/tokens</c>; without an expiry the token lasts until revoked.</summary>
public sealed record IssueTokenRequest(
    [property: StringLength(ApiTokenService.MaxNameLength, ErrorMessage = "name must be at most {1} characters.")] string Name,
    DateTimeOffset? ExpiresAt = null);

/// <summary>A new token: <see cref="Token"/> is its plaintext, shown this once and stored only as a hash.</summary>
public sealed record IssuedTokenResponse(Guid Id, string Name, Guid UserId, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record TokenResponse(
    Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt)
{
    public static TokenResponse From(ApiToken token) =>
        new(token.Id, token.Name, token.CreatedAt, token.LastUsedAt, token.RevokedAt, token.ExpiresAt);
}
