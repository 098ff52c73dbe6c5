using System.Globalization;
using System.Text.RegularExpressions;

namespace Majster.Core.Time;

/// <summary>
/// Parses the instants API clients send: ISO 8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>).
/// A timestamp without an offset is naive and refused with a message that says so, never guessed. Up to nine
/// fractional digits (RFC 3339 allows any number; clients such as Go's send nanoseconds) are read and truncated to
/// PostgreSQL's microseconds, so that what is answered is what is stored.
/// </summary>
public static partial class IsoInstant
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.(?<fraction>\d{1,9}))?)?(?<offset>[Zz]|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong in words a client can show.</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc, out string? error)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A date and time is required, in ISO 8601 with an offset, e.g. 2026-01-03T10:00:00.000Z.";
            return false;
        }

        var match = Shape().Match(text);
        if (!match.Success)
        {
            error = $"'{Shorten(text)}' is not an ISO 8601 date and time such as 2026-01-03T10:00:00.000Z.";
            return false;
        }

        if (!match.Groups["offset"].Success)
        {
            error = $"'{Shorten(text)}' has no time-zone offset; add 'Z' for UTC or an offset such as '+01:00'.";
            return false;
        }

        // Digits past the seventh (.NET's ticks) are cut before parsing, which would round them; the ticks are then cut
        // to PostgreSQL's microseconds.
        var fraction = match.Groups["fraction"];
        var ticksText = fraction.Length > 7 ? text.Remove(fraction.Index + 7, fraction.Length - 7) : text;
        if (!DateTimeOffset.TryParse(ticksText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            error = $"'{Shorten(text)}' is not a real date and time.";
            return false;
        }

        utc = new DateTimeOffset(parsed.UtcTicks - parsed.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
        error = null;
        return true;
    }

    /// <summary>Formats an instant the way the runbook's clients read it: UTC, milliseconds, <c>Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
