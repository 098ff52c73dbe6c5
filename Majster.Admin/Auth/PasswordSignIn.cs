using System.Net;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin.Auth;

/// <summary>How a password sign-in ended.</summary>
internal enum PasswordSignInOutcome
{
    /// <summary>Signed in: the cookie is set.</summary>
    SignedIn,

    /// <summary>Refused: a wrong password, an unknown e-mail, a password lockout or a disabled account — one answer for all.</summary>
    Refused,

    /// <summary>The client address made too many failed sign-ins in the last minute.</summary>
    Throttled,
}

internal sealed record PasswordSignInResult(PasswordSignInOutcome Outcome, MajsterUser? User = null, TimeSpan RetryAfter = default);

/// <summary>
/// The sign-in page's password check. Every refusal costs the same password hash and gets the same answer, whether
/// the e-mail is unknown, the password wrong, the account locked or disabled, so neither the words nor the time tell
/// which accounts exist. Failed tries lock the password sign-in (Identity's lockout) — never the account's API tokens —
/// and count against the client's address (<see cref="SignInThrottle"/>), counted before the password is checked.
/// </summary>
internal sealed class PasswordSignIn(SignInManager<MajsterUser> signIn, IPasswordHasher<MajsterUser> hasher, SignInThrottle throttle, TimeProvider clock)
{
    private static readonly MajsterUser Nobody = new() { UserName = "nobody" };
    private static string? s_nobodysHash;

    public async Task<PasswordSignInResult> SignInAsync(string email, string password, IPAddress? clientAddress)
    {
        var address = clientAddress?.ToString() ?? "unknown";
        if (!throttle.TryCount(address, out var counted, out var wait))
        {
            return new PasswordSignInResult(PasswordSignInOutcome.Throttled, RetryAfter: wait);
        }

        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            // The cost of checking a password that exists.
            hasher.VerifyHashedPassword(Nobody, s_nobodysHash ??= hasher.HashPassword(Nobody, ApiToken.NewPlaintext()), password);
            return new PasswordSignInResult(PasswordSignInOutcome.Refused);
        }

        var checkedPassword = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!checkedPassword.Succeeded)
        {
            return new PasswordSignInResult(PasswordSignInOutcome.Refused);
        }

        throttle.Release(address, counted);
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        return new PasswordSignInResult(PasswordSignInOutcome.SignedIn, user);
    }
}
