using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// An open page (a Blazor circuit) checks every <see cref="Interval"/> that its user is still who signed in: the user
/// exists, is not disabled, and their security stamp is the cookie's (a password reset, a sign-out or being disabled
/// changes it). When not, the page loses its sign-in and goes to the sign-in page. The stamps come from
/// <see cref="SessionStamps"/>, shared by every page of the instance, so a change is seen within twice the interval.
/// </summary>
internal sealed class SessionRevalidation(
    ILoggerFactory loggerFactory,
    SessionStamps stamps,
    IOptions<IdentityOptions> identity) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        return Guid.TryParse(principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType), out var userId)
            ? stamps.IsCurrentAsync(userId, principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType), cancellationToken)
            : Task.FromResult(false);
    }
}
