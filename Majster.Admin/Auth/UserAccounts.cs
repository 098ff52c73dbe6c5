using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin.Auth;

/// <summary>
/// Creates staff and admin accounts, for the API and the users page alike: the e-mail address passes the one address
/// rule and is stored in its one form (<see cref="OfferInputRules.CheckEmail(string, string?, out string)"/>), so that
/// both spellings of an internationalised domain are one account.
/// </summary>
public sealed class UserAccounts(UserManager<MajsterUser> users, TimeProvider clock)
{
    /// <summary>Identity's UserManager takes no token: the lookup and the writes cannot be cancelled.</summary>
    public async Task<Outcome<MajsterUser>> CreateAsync(string? email, string password, string role)
    {
        if (OfferInputRules.CheckEmail("email", email, out var address) is { } invalid)
        {
            return Outcome<MajsterUser>.Invalid(invalid);
        }

        if (!Roles.All.Contains(role))
        {
            return Outcome<MajsterUser>.Invalid($"role must be {Roles.Staff} or {Roles.Admin}.");
        }

        if (await users.FindByEmailAsync(address) is not null)
        {
            return Outcome<MajsterUser>.Conflict("A user with this e-mail already exists.");
        }

        var user = new MajsterUser { UserName = address, Email = address, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Outcome<MajsterUser>.Invalid(Describe(created));
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return Outcome<MajsterUser>.Invalid(Describe(added));
        }

        return Outcome<MajsterUser>.Ok(user);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
