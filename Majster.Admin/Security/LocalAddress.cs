namespace Majster.Admin.Security;

/// <summary>Where a form may send the browser next: only a path inside this app, never an open redirect.</summary>
internal static class LocalAddress
{
    /// <summary>
    /// The address when it is a local path (<c>/…</c>, but not <c>//host</c> or <c>/\host</c>, which browsers read as
    /// another site, and no control characters), else <c>/</c>.
    /// </summary>
    public static string OrHome(string? address) =>
        address is { Length: > 0 } && address[0] == '/'
            && (address.Length == 1 || (address[1] != '/' && address[1] != '\\'))
            && !address.Any(char.IsControl)
            ? address
            : "/";
}
