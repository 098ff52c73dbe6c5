using System.Text.RegularExpressions;

namespace Majster.Core.Inbound;

/// <summary>
/// The envelope sender of one send: the bounce address with the send's id in its local part
/// (<c>bounces+0f8e…@example.com</c>, VERP), so a bounce names its send even when the reporting server returns nothing
/// of the original message.
/// </summary>
public static partial class VerpAddress
{
    /// <summary><paramref name="bounceAddress"/> with <paramref name="offerSendId"/> added after a <c>+</c>.</summary>
    public static string For(string bounceAddress, Guid offerSendId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bounceAddress);
        var at = bounceAddress.LastIndexOf('@');
        return at <= 0
            ? throw new ArgumentException($"'{bounceAddress}' is not an address.", nameof(bounceAddress))
            : $"{bounceAddress[..at]}+{offerSendId:N}{bounceAddress[at..]}";
    }

    /// <summary>The send id a VERP address carries, found anywhere in <paramref name="text"/>.</summary>
    public static Guid? Find(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = Token().Match(text);
        return match.Success ? Guid.ParseExact(match.Groups[1].Value, "N") : null;
    }

    [GeneratedRegex(@"\+([0-9a-fA-F]{32})@", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
