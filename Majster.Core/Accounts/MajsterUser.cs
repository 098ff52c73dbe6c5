using Majster.Core.Offers;
using Microsoft.AspNetCore.Identity;

namespace Majster.Core.Accounts;

/// <summary>A staff member or admin.</summary>
public sealed class MajsterUser : IdentityUser<Guid>
{
    /// <summary>The time zone assumed for a new user.</summary>
    public const string DefaultTimeZoneId = "Europe/Warsaw";

    /// <summary>IANA time-zone id in which the UI shows and takes times.</summary>
    public string TimeZoneId { get; set; } = DefaultTimeZoneId;

    /// <summary>UI language (<c>en-GB</c> or <c>pl-PL</c>); null = the browser's.</summary>
    public string? Culture { get; set; }

    /// <summary>The name clients see on replies to this person's sends; null = no display name.</summary>
    public string? ReplyName { get; set; }

    /// <summary>Where clients' replies to this person's sends go; null = the account's <c>Email</c>.</summary>
    public string? ReplyAddress { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When an admin shut this person out; null = active. A disabled user cannot sign in, and neither their cookie,
    /// their open pages nor their API tokens are accepted.
    /// </summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The last successful password sign-in; null = never.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// Sets where clients' replies go (blank = none: the account e-mail, without a name), or says why it cannot:
    /// the address follows the rule of every address the app takes, the name that of every name in a header.
    /// </summary>
    public RuleBreach? SetReplyTo(string? name, string? address)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        var invalid = OfferInputRules.First(
            OfferInputRules.CheckHeaderText("replyName", name, OfferInputRules.MaxNameLength, required: false),
            address is null ? null : OfferInputRules.CheckEmail("replyAddress", address));
        if (invalid is null)
        {
            (ReplyName, ReplyAddress) = (name, address);
        }

        return invalid;
    }
}

/// <summary>A role: <see cref="Roles.Admin"/> or <see cref="Roles.Staff"/>.</summary>
public sealed class MajsterRole : IdentityRole<Guid>;

/// <summary>The roles Majster knows.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";

    public static IReadOnlyList<string> All { get; } = [Admin, Staff];
}
