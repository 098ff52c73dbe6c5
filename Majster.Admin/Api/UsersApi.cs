using Majster.Admin.Auth;
using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Core.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin.Api;

/// <summary><c>/api/users</c>: admins create staff and admin accounts and issue tokens for them. Staff get 403.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/users", "Users", ApiAuthExtensions.ApiAdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a staff or admin account")
            .AcceptsJson<CreateUserRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/tokens", TokensApi.IssueForUserAsync).WithName("IssueUserToken")
            .WithSummary("Issue an API token for a user; the plaintext is in this answer only")
            .AcceptsJson<IssueTokenRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Identity's UserManager takes no token; the body read and the e-mail lookup are the cancellable parts.</summary>
    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, UserManager<MajsterUser> users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var fields = new JsonFields(body);
        var email = fields.RequiredString("email");
        var password = fields.RequiredString("password");
        var role = fields.OptionalString("role") ?? Roles.Staff;
        if (fields.Error is { } error)
        {
            return ApiProblems.BadRequest(error);
        }

        var invalid = OfferInputRules.First(
            OfferInputRules.CheckEmail("email", email),
            Roles.All.Contains(role) ? null : $"role must be {Roles.Staff} or {Roles.Admin}.");
        if (invalid is not null)
        {
            return ApiProblems.BadRequest(invalid);
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return ApiProblems.Conflict("A user with this e-mail already exists.");
        }

        var user = new MajsterUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            return ApiProblems.BadRequest(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return ApiProblems.BadRequest(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        return TypedResults.Created($"/api/users/{user.Id}", new UserResponse(user.Id, email!, role, IsoInstant.Format(user.CreatedAt)));
    }
}

/// <summary>The body of <c>POST /api/users</c>; role defaults to Staff.</summary>
public sealed record CreateUserRequest(string Email, string Password, string? Role);

public sealed record UserResponse(Guid Id, string Email, string Role, string CreatedAt);
