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

    public DateTimeOffset CreatedAt { get; set; }
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
