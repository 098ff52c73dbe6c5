using System.Globalization;

namespace Majster.Admin.Ui;

/// <summary>
/// An amount as a person writes it in their culture: "23 450,75" in Polish, "23,450.75" in English. Group separators
/// must sit between groups of three digits, so "23450,75" in English is refused rather than read as 2,345,075.
/// </summary>
public static class AmountText
{
    private const decimal ExampleAmount = 23_450.75m;

    /// <summary>An example amount in <paramref name="culture"/>'s writing, for the message that refuses one.</summary>
    public static string Example(CultureInfo culture) => ExampleAmount.ToString("N2", culture);

    public static bool TryParse(string? text, CultureInfo culture, out decimal amount)
    {
        ArgumentNullException.ThrowIfNull(culture);
        amount = 0;
        var format = culture.NumberFormat;
        var trimmed = (text ?? "").Trim();
        var group = IsSpace(format.NumberGroupSeparator) ? " " : format.NumberGroupSeparator;
        if (group == " ")
        {
            trimmed = string.Concat(trimmed.Select(c => char.IsWhiteSpace(c) ? ' ' : c));
        }

        var parts = trimmed.Split(format.NumberDecimalSeparator);
        if (parts.Length > 2 || !IsGrouped(parts[0], group) || (parts.Length == 2 && !parts[1].All(char.IsAsciiDigit)))
        {
            return false;
        }

        var invariant = parts[0].Replace(group, "", StringComparison.Ordinal) + (parts.Length == 2 ? "." + parts[1] : "");
        return decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    private static bool IsSpace(string separator) => separator.Length == 1 && char.IsWhiteSpace(separator[0]);

    /// <summary>Digits alone, or groups of three after a first group of one to three.</summary>
    private static bool IsGrouped(string whole, string group)
    {
        if (whole.Length > 0 && whole.All(char.IsAsciiDigit))
        {
            return true;
        }

        var groups = whole.Split(group);
        return groups.Length > 1
            && groups[0].Length is >= 1 and <= 3
            && groups.All(g => g.All(char.IsAsciiDigit))
            && groups.Skip(1).All(g => g.Length == 3);
    }
}
