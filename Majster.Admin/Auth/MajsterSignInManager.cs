using Majster.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// Identity's sign-in rules, plus one: a disabled user (<see cref="MajsterUser.DisabledAt"/>) can neither sign in nor
/// keep a session — the cookie's periodic security-stamp check and an open page's revalidation both refuse them.
/// </summary>
internal sealed class MajsterSignInManager(
    UserManager<MajsterUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<MajsterUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<MajsterUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<MajsterUser> confirmation)
    : SignInManager<MajsterUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(MajsterUser user) =>
        user is { DisabledAt: null } && await base.CanSignInAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(MajsterUser? user, string? securityStamp) =>
        user is { DisabledAt: null } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
