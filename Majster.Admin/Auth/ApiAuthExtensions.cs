using System.Security.Claims;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin.Auth;

/// <summary>
/// API authentication: a bearer token when the request carries one, else the UI's Identity cookie; both give one
/// user with role claims — the cookie only for the app's own pages, never on a cross-origin request. Unauthenticated
/// API calls get 401 and staff calling admin endpoints 403, never a redirect.
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
                    ApiTokenAuthenticationHandler.BearerToken(context.Request) is null && !IsCrossOrigin(context.Request)
                        ? IdentityConstants.ApplicationScheme
                        : BearerScheme;
                options.ForwardChallenge = BearerScheme;
                options.ForwardForbid = BearerScheme;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiUserPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser())
            .AddPolicy(ApiAdminPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>
    /// Whether a browser sent the request from a page of another origin (its <c>Sec-Fetch-Site</c> says so, or its
    /// <c>Origin</c> names another host): such a request is authenticated by bearer token only, never by the UI's cookie.
    /// </summary>
    public static bool IsCrossOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        // Without a port the Host says nothing of it (a proxy may end TLS in front): the host name must match then.
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 &&
            !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
              string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) &&
              (request.Host.Port is null || request.Host.Port == uri.Port));
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
