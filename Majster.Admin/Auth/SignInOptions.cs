using System.ComponentModel.DataAnnotations;

namespace Majster.Admin.Auth;

/// <summary>The <c>SignIn</c> section: how many failed password sign-ins one client address may make.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed sign-ins a client address may make in a minute; past it, its sign-ins get 429 until the minute has passed.</summary>
    [Range(1, 100_000)]
    public int FailuresPerMinute { get; set; } = 10;
}
