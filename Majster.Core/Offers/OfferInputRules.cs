using System.Globalization;
using MimeKit;

namespace Majster.Core.Offers;

/// <summary>
/// The rules for what people type into offers and sends. Each check returns null when the value is fine, else the
/// rule it breaks.
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
    public static RuleBreach? CheckEmail(string field, string? value) => CheckEmail(field, value, out _);

    /// <summary>
    /// The one e-mail address rule, for the API and the UI alike: a single plain address (no display name, no list,
    /// no white space or control characters) whose local part MimeKit parses and is at most 64 characters, and whose
    /// domain is a dotted host name — internationalised ones in either form (<c>żółw.pl</c> or <c>xn--w-uga1v8h.pl</c>)
    /// — of at most 255 characters in its ASCII form; no address literals (<c>[192.0.2.1]</c>).
    /// <paramref name="normalized"/> is the form stored and sent: the local part as given, the domain in lower-case
    /// ASCII (IDNA), so that both spellings of one address are one address.
    /// </summary>
    public static RuleBreach? CheckEmail(string field, string? value, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            return RuleText.Required.For(field);
        }

        if (value.Length > MaxEmailLength)
        {
            return RuleText.TooLong.For(field, MaxEmailLength);
        }

        var invalid = RuleText.NotAnEmail.For(field);
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl) || value.Any(IsTextDirectionControl))
        {
            return invalid;
        }

        var (localPart, domain) = (value[..at], value[(at + 1)..]);
        if (localPart.Length > MaxLocalPartLength)
        {
            return RuleText.LocalPartTooLong.For(field, MaxLocalPartLength);
        }

        if (domain.StartsWith('['))
        {
            return RuleText.AddressLiteral.For(field);
        }

        if (AsciiDomain(domain) is not { } ascii || !ascii.Contains('.', StringComparison.Ordinal))
        {
            return invalid;
        }

        if (ascii.Length > MaxDomainLength)
        {
            return RuleText.DomainTooLong.For(field, MaxDomainLength);
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
    public static RuleBreach? CheckHeaderText(string field, string? value, int maxLength, bool required = true)
    {
        if (value is null || value.Trim().Length == 0)
        {
            return required ? RuleText.Required.For(field) : null;
        }

        if (value.Length > maxLength)
        {
            return RuleText.TooLong.For(field, maxLength);
        }

        return value.Any(char.IsControl) ? RuleText.ControlCharacters.For(field) : CheckTextDirection(field, value);
    }

    /// <summary>Free text (the staff message): bounded; line breaks allowed, text-direction controls not.</summary>
    public static RuleBreach? CheckMessage(string field, string? value) =>
        value is { Length: > MaxMessageLength } ? RuleText.TooLong.For(field, MaxMessageLength) : CheckTextDirection(field, value);

    /// <summary>
    /// No text-direction override or isolate: with them "‮fdp.exe" reads as "exe.pdf" in the grid and in the client's
    /// e-mail. Every text field refuses them, as it refuses other control characters.
    /// </summary>
    public static RuleBreach? CheckTextDirection(string field, string? value) =>
        value is not null && value.Any(IsTextDirectionControl) ? RuleText.TextDirection.For(field) : null;

    /// <summary>U+202A–U+202E (embeddings, overrides, pop) and U+2066–U+2069 (isolates, pop).</summary>
    private static bool IsTextDirectionControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>An absolute http(s) URL, or nothing.</summary>
    public static RuleBreach? CheckUrl(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxUrlLength)
        {
            return RuleText.TooLong.For(field, MaxUrlLength);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && !value.Any(char.IsControl) && !value.Any(IsTextDirectionControl)
            ? null
            : RuleText.NotAUrl.For(field);
    }

    /// <summary>An ISO 4217 code in capitals, e.g. PLN, EUR.</summary>
    public static RuleBreach? CheckCurrency(string field, string? value) =>
        value is not null && CurrencyCodes.Contains(value) ? null : RuleText.NotACurrency.For(field);

    /// <summary><c>pl</c> or <c>en</c>.</summary>
    public static RuleBreach? CheckLanguage(string field, string? value) =>
        value is not null && Languages.Contains(value) ? null : RuleText.NotALanguage.For(field);

    /// <summary>A non-negative amount with at most two decimals, within the column's precision.</summary>
    public static RuleBreach? CheckAmount(string field, decimal value) =>
        value < 0 || value >= 10_000_000_000_000_000m || decimal.Round(value, 2) != value
            ? RuleText.NotAnAmount.For(field)
            : null;

    /// <summary>The first of several checks that failed, or null.</summary>
    public static RuleBreach? First(params RuleBreach?[] errors) => errors.FirstOrDefault(error => error is not null);
}
