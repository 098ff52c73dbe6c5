using System.Text.RegularExpressions;

namespace Majster.Core.Email;

/// <summary>
/// A person's message cut the way a letter is: its own greeting (the start of the first line, when it opens like one:
/// "Dzień dobry", "Szanowny Panie", "Hello", "Dear …"), its body, and its own sign-off (from a closing line near the end — "Pozdrawiam",
/// "Z poważaniem", "Best regards", "Kind regards" — to the end, with the name under it). The e-mail puts the offer's
/// details between the body and the sign-off, and adds a greeting or a sign-off only where the message has none.
/// </summary>
public sealed partial record LetterParts(string? Greeting, string Body, string? SignOff)
{
    /// <summary>How far from the end a closing line may stand: the line itself, a name, a company, a phone number.</summary>
    private const int SignOffLinesFromEnd = 5;

    /// <summary>The longest line taken for a greeting or a closing; a longer one is a sentence of the body.</summary>
    private const int MaxLineLength = 60;

    /// <summary>Whether the message's sign-off is a closing line with no name (or anything else) under it.</summary>
    public bool SignOffIsClosingAlone => SignOff is not null && !SignOff.Contains('\n', StringComparison.Ordinal);

    public static LetterParts Of(string? message)
    {
        var lines = (message ?? "").ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd()).ToList();
        Trim(lines);
        var greeting = lines.Count > 0 ? TakeGreeting(lines) : null;

        string? signOff = null;
        var nonBlankFromEnd = 0;
        for (var i = lines.Count - 1; i >= 0 && nonBlankFromEnd < SignOffLinesFromEnd; i--)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            nonBlankFromEnd++;
            if (IsClosing(lines[i]))
            {
                signOff = string.Join('\n', lines.Skip(i).Where(line => line.Length > 0).Select(line => line.Trim()));
                lines.RemoveRange(i, lines.Count - i);
                Trim(lines);
                break;
            }
        }

        return new LetterParts(greeting, string.Join('\n', lines), signOff);
    }

    /// <summary>
    /// Takes the greeting off the first line: up to its first comma or exclamation mark when words follow it ("Dzień
    /// dobry, w załączeniu oferta." leaves "w załączeniu oferta." to the body), else the whole line if it is short.
    /// </summary>
    private static string? TakeGreeting(List<string> lines)
    {
        var first = lines[0].Trim();
        var opening = GreetingPattern().Match(first);
        if (!opening.Success)
        {
            return null;
        }

        var end = first.IndexOfAny([',', '!'], opening.Length);
        if (end >= 0 && end < first.Length - 1 && end < MaxLineLength)
        {
            lines[0] = first[(end + 1)..].TrimStart();
            return first[..(end + 1)];
        }

        if (first.Length > MaxLineLength)
        {
            return null;
        }

        lines.RemoveAt(0);
        Trim(lines);
        return first;
    }

    private static bool IsClosing(string line) => line.Trim().Length <= MaxLineLength && ClosingPattern().IsMatch(line);

    /// <summary>Drops blank lines at both ends.</summary>
    private static void Trim(List<string> lines)
    {
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0]))
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }
    }

    [GeneratedRegex(
        @"^\s*(dzie[nń] dobry|dobry wiecz[oó]r|szanown[ayi]|witam|witaj|cze[sś][cć]|hello|hi|hey|dear|good (morning|afternoon|evening)|greetings)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(
        @"^\s*((dzi[eę]kuj[eę] i |serdecznie )?pozdrawiam( serdecznie)?|(serdeczne )?pozdrowienia|[lł][aą]cz[eę] (wyrazy szacunku|pozdrowienia)|z (powa[zż]aniem|wyrazami szacunku|pozdrowieniami)|(best |kind |warm |warmest )?regards|best wishes|all the best|yours (sincerely|faithfully|truly)|sincerely|many thanks|thank you|thanks|cheers)[\s,.!]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClosingPattern();
}
