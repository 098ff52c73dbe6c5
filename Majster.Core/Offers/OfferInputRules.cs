using System.Globalization;
using MimeKit;

namespace Majster.Core.Offers;

/// <summary>
/// The rules for what people type into offers and sends. Each check returns null when the value is fine, else a
/// message a client can show.
/// </summary>
public static class OfferInputRules
{
    public const int MaxEmailLength = 320;
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 300;
    public const int MaxTitleLength = 300;
    public const int MaxMessageLength = 10_000;
    public const int MaxUrlLength = 2_000;

    /// <summary>The e-mail languages.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["pl", "en"];

    private static readonly HashSet<string> CurrencyCodes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => new RegionInfo(culture.Name).ISOCurrencySymbol)
        .Where(code => code.Length == 3)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The part of an address before the <c>@</c> may be at most this long (RFC 5321 §4.5.3.1.1).</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>The domain, in its ASCII form, may be at most this long (RFC 5321 §4.5.3.1.2).</summary>
    public const int MaxDomainLength = 255;

    /// <summary>The e-mail address rule, in <see cref="CheckEmail(string, string?, out string)"/>'s words.</summary>
    public static string? CheckEmail(string field, string? value) => CheckEmail(field, value, out _);

    /// <summary>
    /// The one e-mail address rule, for the API and the UI alike: a single plain address (no display name, no list,
    /// no white space or control characters) whose local part MimeKit parses and is at most 64 characters, and whose
    /// domain is a dotted host name — internationalised ones in either form (<c>żółw.pl</c> or <c>xn--w-uga1v8h.pl</c>)
    /// — of at most 255 characters in its ASCII form; no address literals (<c>[192.0.2.1]</c>).
    /// <paramref name="normalized"/> is the form stored and sent: the local part as given, the domain in lower-case
    /// ASCII (IDNA), so that both spellings of one address are one address.
    /// </summary>
    public static string? CheckEmail(string field, string? value, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is required.";
        }

        if (value.Length > MaxEmailLength)
        {
            return $"{field} must be at most {MaxEmailLength} characters.";
        }

        var invalid = $"{field} is not a valid e-mail address.";
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            return invalid;
        }

        var (localPart, domain) = (value[..at], value[(at + 1)..]);
        if (localPart.Length > MaxLocalPartLength)
        {
            return $"{field}: the part before @ must be at most {MaxLocalPartLength} characters.";
        }

        if (domain.StartsWith('['))
        {
            return $"{field} must name a domain, not an address literal such as [192.0.2.1].";
        }

        if (AsciiDomain(domain) is not { } ascii || !ascii.Contains('.', StringComparison.Ordinal))
        {
            return invalid;
        }

        if (ascii.Length > MaxDomainLength)
        {
            return $"{field}: the domain must be at most {MaxDomainLength} characters.";
        }

        var candidate = localPart + "@" + ascii;
        if (!MailboxAddress.TryParse(candidate, out var mailbox) || !string.Equals(mailbox.LocalPart, localPart, StringComparison.Ordinal))
        {
            return invalid;
        }

        normalized = candidate;
        return null;
    }

    /// <summary>
    /// The domain's lower-case ASCII form (IDNA, STD3 host-name rules, each label 1–63 characters), or null when it is
    /// no host name. Label by label, so that the length rule is RFC 5321's 255 rather than IDNA's DNS limit.
    /// </summary>
    private static string? AsciiDomain(string domain)
    {
        var idn = new IdnMapping { UseStd3AsciiRules = true };
        try
        {
            return string.Join('.', domain.ToLowerInvariant().Split('.').Select(label => idn.GetAscii(label)));
        }
        catch (ArgumentException)
        {
            // IdnMapping has no Try form: a label that is empty, too long or has characters no host name may have.
            return null;
        }
    }

    /// <summary>Text that ends up in a mail header (subject, names): required, bounded, and never a line break.</summary>
    public static string? CheckHeaderText(string field, string? value, int maxLength, bool required = true)
    {
        if (value is null || value.Trim().Length == 0)
        {
            return required ? $"{field} is required." : null;
        }

        if (value.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters.";
        }

        return value.Any(char.IsControl) ? $"{field} must not contain line breaks or control characters." : null;
    }

    /// <summary>Free text (the staff message): bounded; line breaks allowed.</summary>
    public static string? CheckMessage(string field, string? value) =>
        value is { Length: > MaxMessageLength } ? $"{field} must be at most {MaxMessageLength} characters." : null;

    /// <summary>An absolute http(s) URL, or nothing.</summary>
    public static string? CheckUrl(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxUrlLength)
        {
            return $"{field} must be at most {MaxUrlLength} characters.";
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && !value.Any(char.IsControl)
            ? null
            : $"{field} must be an absolute http or https URL.";
    }

    /// <summary>An ISO 4217 code in capitals, e.g. PLN, EUR.</summary>
    public static string? CheckCurrency(string field, string? value) =>
        value is not null && CurrencyCodes.Contains(value) ? null : $"{field} must be an ISO 4217 currency code such as PLN or EUR.";

    /// <summary><c>pl</c> or <c>en</c>.</summary>
    public static string? CheckLanguage(string field, string? value) =>
        value is not null && Languages.Contains(value) ? null : $"{field} must be 'pl' or 'en'.";

    /// <summary>A non-negative amount with at most two decimals, within the column's precision.</summary>
    public static string? CheckAmount(string field, decimal value) =>
        value < 0 || value >= 10_000_000_000_000_000m || decimal.Round(value, 2) != value
            ? $"{field} must be a non-negative amount with at most two decimals."
            : null;

    /// <summary>The first of several checks that failed, or null.</summary>
    public static string? First(params string?[] errors) => errors.FirstOrDefault(error => error is not null);
}
