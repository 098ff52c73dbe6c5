using System.Diagnostics.CodeAnalysis;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Majster.Core.Email;

/// <summary>
/// Subjects and names as people typed them. MimeKit encodes a header's text only where it needs to (non-ASCII
/// letters, say), and writes ASCII as it is, so a subject typed as <c>=?utf-8?b?SGk=?=</c> would reach the client
/// as an RFC 2047 encoded-word and be shown as "Hi". Text that holds <c>=?</c> is therefore written whole as
/// encoded-words of its own, which a client decodes back to the very characters typed.
/// </summary>
public static class HeaderText
{
    /// <summary>The UTF-8 bytes one encoded-word carries: 45 bytes are 60 base64 characters, 72 with the wrapping.</summary>
    private const int BytesPerWord = 45;

    /// <summary>
    /// <paramref name="text"/> itself, or when a client could read part of it as an encoded-word, its encoded-words
    /// separated by spaces (MimeKit writes them as they are and folds the line between them; decoders drop the spaces).
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? AsTyped(string? text) =>
        text is not null && text.Contains("=?", StringComparison.Ordinal) ? EncodedWords(text) : text;

    /// <summary>How a mail client shows <paramref name="text"/> of a header: its encoded-words decoded.</summary>
    public static string Shown(string? text) => text is null ? "" : Rfc2047.DecodeText(Encoding.UTF8.GetBytes(text));

    /// <summary>How a mail client shows <paramref name="addresses"/>: names decoded, then the address.</summary>
    public static string Shown(InternetAddressList addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return string.Join(", ", addresses.Mailboxes.Select(m => string.IsNullOrEmpty(m.Name) ? m.Address : $"{Shown(m.Name)} <{m.Address}>"));
    }

    private static string EncodedWords(string text)
    {
        var words = new StringBuilder();
        var bytes = new byte[BytesPerWord];
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            // A word ends between characters, never inside one's bytes.
            if (length + rune.Utf8SequenceLength > BytesPerWord)
            {
                Append(words, bytes.AsSpan(0, length));
                length = 0;
            }

            length += rune.EncodeToUtf8(bytes.AsSpan(length));
        }

        Append(words, bytes.AsSpan(0, length));
        return words.ToString();
    }

    private static void Append(StringBuilder words, ReadOnlySpan<byte> utf8)
    {
        if (words.Length > 0)
        {
            words.Append(' ');
        }

        words.Append("=?utf-8?b?").Append(Convert.ToBase64String(utf8)).Append("?=");
    }
}
