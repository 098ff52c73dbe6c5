using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Majster.Admin.Api;

/// <summary>
/// <c>/api/users</c>: admins list, create, disable and enable staff and admin accounts and issue, list and revoke their
/// tokens, through the same <see cref="UserAdministration"/> as the users page. Staff get 403.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/users", "Users", ApiAuthExtensions.ApiAdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Every account with its role, whether it is disabled, and its last sign-in");
        group.MapPost("/{id:guid}/disable", DisableAsync).WithName("DisableUser")
            .WithSummary("Shut a user out at once: sign-in, cookie, open pages and tokens (which are revoked)")
            .WithDescription("409 for the last active admin.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/enable", EnableAsync).WithName("EnableUser")
            .WithSummary("Let a disabled user sign in again (their old tokens stay revoked)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a staff or admin account")
            .AcceptsJson<CreateUserRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/tokens", TokensApi.IssueForUserAsync).WithName("IssueUserToken")
            .WithSummary("Issue an API token for a user; the plaintext is in this answer only")
            .WithDescription("Only from a signed-in admin session: a bearer token gets 403, whoever the token is for. 409 when the user already has the most active tokens allowed.")
            .AcceptsJson<IssueTokenRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}/tokens", ListTokensAsync).WithName("ListUserTokens")
            .WithSummary("A user's API tokens (never their plaintext)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}/tokens/{tokenId:guid}", RevokeTokenAsync).WithName("RevokeUserToken")
            .WithSummary("Revoke one of a user's API tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(CreateUserRequest request, UserAccounts accounts)
    {
        var role = request.Role ?? Roles.Staff;
        var outcome = await accounts.CreateAsync(request.Email, request.Password, role);
        if (!outcome.IsOk)
        {
            return ApiProblems.From(outcome);
        }

        var user = outcome.Value!;
        return TypedResults.Created($"/api/users/{user.Id}", new UserResponse(user.Id, user.Email!, role, user.CreatedAt));
    }

    public static async Task<Ok<IReadOnlyList<UserSummary>>> ListAsync(UserAdministration users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(cancellationToken));

    public static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> DisableAsync(
        Guid id, UserAdministration users, CancellationToken cancellationToken) =>
        Answer(await users.DisableAsync(id, cancellationToken));

    public static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> EnableAsync(
        Guid id, UserAdministration users, CancellationToken cancellationToken) =>
        Answer(await users.EnableAsync(id, cancellationToken));

    private static Results<Ok<UserSummary>, ProblemHttpResult> Answer(Outcome<UserSummary> outcome) =>
        outcome.IsOk ? TypedResults.Ok(outcome.Value!) : ApiProblems.From(outcome);

    public static async Task<Results<Ok<IReadOnlyList<TokenResponse>>, ProblemHttpResult>> ListTokensAsync(
        Guid id, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.ListOfUserAsync(id, cancellationToken);
        return outcome.IsOk
            ? TypedResults.Ok<IReadOnlyList<TokenResponse>>([.. outcome.Value!.Select(TokenResponse.From)])
            : ApiProblems.From(outcome);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        Guid id, Guid tokenId, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var outcome = await tokens.RevokeAsync(user.ToActor(), tokenId, cancellationToken, ownerId: id);
        return outcome.IsOk ? TypedResults.NoContent() : ApiProblems.From(outcome);
    }
}

/// <summary>The body of <c>POST /api/users</c>; role defaults to Staff.</summary>
public sealed record CreateUserRequest(
    [property: StringLength(OfferInputRules.MaxEmailLength, ErrorMessage = "email must be at most {1} characters.")] string Email,
    string Password,
    [property: AllowedValues(Roles.Staff, Roles.Admin, null, ErrorMessage = "role must be Staff or Admin.")] string? Role = null);

public sealed record UserResponse(Guid Id, string Email, string Role, DateTimeOffset CreatedAt);
