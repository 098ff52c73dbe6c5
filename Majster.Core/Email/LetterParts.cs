using System.Text.RegularExpressions;

namespace Majster.Core.Email;

/// <summary>
/// A person's message cut the way a letter is: its own greeting (the first line, when it opens like one: "Dzień dobry",
/// "Szanowny Panie", "Hello", "Dear …"), its body, and its own sign-off (from a closing line near the end — "Pozdrawiam",
/// "Z poważaniem", "Best regards", "Kind regards" — to the end, with the name under it). The e-mail puts the offer's
/// details between the body and the sign-off, and adds a greeting or a sign-off only where the message has none.
/// </summary>
public sealed partial record LetterParts(string? Greeting, string Body, string? SignOff)
{
    /// <summary>How far from the end a closing line may stand: the line itself, a name, a company, a phone number.</summary>
    private const int SignOffLinesFromEnd = 5;

    /// <summary>The longest line taken for a greeting or a closing; a longer one is a sentence of the body.</summary>
    private const int MaxLineLength = 60;

    public static LetterParts Of(string? message)
    {
        var lines = (message ?? "").ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd()).ToList();
        Trim(lines);
        string? greeting = null;
        if (lines.Count > 0 && IsGreeting(lines[0]))
        {
            greeting = lines[0].Trim();
            lines.RemoveAt(0);
            Trim(lines);
        }

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

    private static bool IsGreeting(string line) => line.Trim().Length <= MaxLineLength && GreetingPattern().IsMatch(line);

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
