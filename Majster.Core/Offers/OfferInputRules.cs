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

    /// <summary>A single plain address (no display name) that MimeKit parses, with a local part and a dotted domain.</summary>
    public static string? CheckEmail(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is required.";
        }

        if (value.Length > MaxEmailLength)
        {
            return $"{field} must be at most {MaxEmailLength} characters.";
        }

        if (value.Any(char.IsWhiteSpace) || value.Any(char.IsControl) ||
            !MailboxAddress.TryParse(value, out var mailbox) ||
            !string.Equals(mailbox.Address, value, StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrEmpty(mailbox.LocalPart) ||
            string.IsNullOrEmpty(mailbox.Domain) ||
            !mailbox.Domain.Contains('.', StringComparison.Ordinal) ||
            mailbox.Domain.StartsWith('.') || mailbox.Domain.EndsWith('.'))
        {
            return $"{field} is not a valid e-mail address.";
        }

        return null;
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
