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

    /// <summary>The company this person signs their offer e-mails with; null = the display name of <c>Smtp:From</c>.</summary>
    public string? CompanyName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When an admin shut this person out; null = active. A disabled user cannot sign in, and neither their cookie,
    /// their open pages nor their API tokens are accepted.
    /// </summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The last successful password sign-in; null = never.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// Sets how this person's offer e-mails are signed and where clients' replies go (a blank name or company = none; a
    /// blank address = the account e-mail), all or nothing, or says why it cannot: the address follows the rule of every
    /// address the app takes, the name and the company that of every name in a header.
    /// </summary>
    public RuleBreach? SetSender(string? name, string? address, string? companyName)
    {
        name = Blank(name);
        address = Blank(address);
        companyName = Blank(companyName);
        var invalid = OfferInputRules.First(
            OfferInputRules.CheckHeaderText("replyName", name, OfferInputRules.MaxNameLength, required: false),
            address is null ? null : OfferInputRules.CheckEmail("replyAddress", address),
            OfferInputRules.CheckHeaderText("companyName", companyName, OfferInputRules.MaxNameLength, required: false));
        if (invalid is null)
        {
            (ReplyName, ReplyAddress, CompanyName) = (name, address, companyName);
        }

        return invalid;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
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
