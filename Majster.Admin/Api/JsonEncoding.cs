using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Majster.Admin.Api;

/// <summary>
/// Whether a JSON body is text: every byte valid UTF-8, and every <c>\uXXXX</c> escape in a string or property name
/// whole UTF-16 (a high surrogate followed by a low one, never either alone). System.Text.Json parses such bodies but
/// cannot turn their strings into .NET strings, so they are refused before anything reads a field.
/// </summary>
internal static class JsonEncoding
{
    /// <summary>What is wrong with the body's encoding, in words a client can show, or null when nothing is.</summary>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            var offset = FirstInvalidUtf8(json);
            return $"The body is not valid UTF-8: byte 0x{json[offset]:X2} at offset {offset} starts no UTF-8 character; send the JSON encoded as UTF-8.";
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String))
                {
                    continue;
                }

                if (reader.ValueIsEscaped && UnpairedSurrogate(reader.ValueSpan) is { } unit)
                {
                    var where = reader.TokenType == JsonTokenType.PropertyName ? "A property name" : property is null ? "A string" : $"The value of {property}";
                    return $"{where} holds an unpaired UTF-16 surrogate (\\u{unit:x4}); a string must be whole characters.";
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser that reads the body next says so.
        }

        return null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>The first surrogate among the raw (still escaped) bytes of a string that has no partner, or null.</summary>
    private static int? UnpairedSurrogate(ReadOnlySpan<byte> escaped)
    {
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                continue;
            }

            i++;
            if (escaped[i] != 'u')
            {
                continue;
            }

            // The reader has checked the escape: four hex digits follow.
            var unit = int.Parse(escaped.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 4;
            if (char.IsLowSurrogate((char)unit))
            {
                return unit;
            }

            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 6 < escaped.Length && escaped[i + 1] == '\\' && escaped[i + 2] == 'u' &&
                    char.IsLowSurrogate((char)int.Parse(escaped.Slice(i + 3, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)))
                {
                    i += 6;
                    continue;
                }

                return unit;
            }
        }

        return null;
    }
}
