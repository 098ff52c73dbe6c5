using Majster.Admin.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Majster.Admin.Auth;

/// <summary>
/// Identity's errors in the language of the request or page that meets them (its UI culture): each code of
/// <see cref="UiErrors.IdentityCodes"/> by its <c>Identity_{Code}</c> text, so a failed password reset or a new account
/// refused on the users page reads in Polish there. The code stays Identity's; another error keeps Identity's English.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<UiText> text) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Localized(base.DefaultError());

    public override IdentityError ConcurrencyFailure() => Localized(base.ConcurrencyFailure());

    public override IdentityError InvalidToken() => Localized(base.InvalidToken());

    public override IdentityError PasswordMismatch() => Localized(base.PasswordMismatch());

    public override IdentityError PasswordTooShort(int length) => Localized(base.PasswordTooShort(length), length);

    public override IdentityError PasswordRequiresDigit() => Localized(base.PasswordRequiresDigit());

    public override IdentityError PasswordRequiresLower() => Localized(base.PasswordRequiresLower());

    public override IdentityError PasswordRequiresUpper() => Localized(base.PasswordRequiresUpper());

    public override IdentityError PasswordRequiresNonAlphanumeric() => Localized(base.PasswordRequiresNonAlphanumeric());

    public override IdentityError DuplicateEmail(string email) => Localized(base.DuplicateEmail(email));

    public override IdentityError DuplicateUserName(string userName) => Localized(base.DuplicateUserName(userName));

    public override IdentityError InvalidEmail(string? email) => Localized(base.InvalidEmail(email));

    public override IdentityError InvalidUserName(string? userName) => Localized(base.InvalidUserName(userName));

    public override IdentityError UserAlreadyInRole(string role) => Localized(base.UserAlreadyInRole(role));

    private IdentityError Localized(IdentityError error, params object[] args) =>
        text["Identity_" + error.Code, args] is { ResourceNotFound: false } found
            ? new IdentityError { Code = error.Code, Description = found.Value }
            : error;
}
