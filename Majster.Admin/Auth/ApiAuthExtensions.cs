using System.Security.Claims;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin.Auth;

/// <summary>
/// API authentication: a bearer token when the request carries one, else the UI's Identity cookie; both give one
/// user with role claims. Unauthenticated API calls get 401 and staff calling admin endpoints 403, never a redirect.
/// </summary>
internal static class ApiAuthExtensions
{
    public const string BearerScheme = "ApiToken";

    /// <summary>Bearer when the Authorization header says so, else the cookie; challenges and forbids answer as the bearer scheme does.</summary>
    public const string ApiScheme = "Api";

    /// <summary>Any signed-in staff member or admin.</summary>
    public const string ApiUserPolicy = "ApiUser";

    /// <summary>Admins only (403 for staff).</summary>
    public const string ApiAdminPolicy = "ApiAdmin";

    public static IServiceCollection AddMajsterApiAuth(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(BearerScheme, null)
            .AddPolicyScheme(ApiScheme, "Bearer token or cookie", options =>
            {
                options.ForwardDefaultSelector = context =>
                    ApiTokenAuthenticationHandler.BearerToken(context.Request) is null ? IdentityConstants.ApplicationScheme : BearerScheme;
                options.ForwardChallenge = BearerScheme;
                options.ForwardForbid = BearerScheme;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiUserPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser())
            .AddPolicy(ApiAdminPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>The acting person, from a principal an API policy admitted.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(id, out var userId)
            ? new Actor(userId, user.IsInRole(Roles.Admin))
            : throw new InvalidOperationException("The signed-in principal has no user id claim.");
    }
}
