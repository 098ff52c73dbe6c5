using System.Security.Claims;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// An open page (a Blazor circuit) checks every <see cref="Interval"/> that its user is still who signed in: the user
/// exists, is not disabled, and their security stamp is the cookie's (a password reset, a sign-out elsewhere or being
/// disabled changes it). When not, the page loses its sign-in and goes to the sign-in page.
/// </summary>
internal sealed class SessionRevalidation(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // The circuit's own scope lives as long as the page: a fresh one reads the user as stored now.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var principal = authenticationState.User;
        var user = await users.GetUserAsync(principal);
        if (user is not { DisabledAt: null })
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
