using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Majster.Admin.Ui;

/// <summary>
/// CLDR plural categories for whole numbers in the UI's languages, and texts chosen by them: a key <c>X</c> has
/// variants <c>X_one</c>, <c>X_few</c>, <c>X_many</c> (Polish) and <c>X_other</c>.
/// </summary>
public static class PluralText
{
    /// <summary>
    /// Polish: one for 1; few for 2–4, 22–24, … but not 12–14; many for the rest. English and others: one for 1,
    /// other for the rest.
    /// </summary>
    public static string Category(long count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs(count);
        if (culture.TwoLetterISOLanguageName != "pl")
        {
            return n == 1 ? "one" : "other";
        }

        return (n % 10, n % 100) switch
        {
            _ when n == 1 => "one",
            ( >= 2 and <= 4, < 12 or > 14) => "few",
            _ => "many",
        };
    }

    /// <summary>The text for <paramref name="count"/> in the current UI culture, formatted with the count (then <paramref name="more"/>).</summary>
    public static string Plural(this IStringLocalizer text, string key, long count, params object[] more)
    {
        ArgumentNullException.ThrowIfNull(text);
        object[] arguments = [count, .. more];
        var chosen = text[$"{key}_{Category(count, CultureInfo.CurrentUICulture)}", arguments];
        return chosen.ResourceNotFound ? text[$"{key}_other", arguments] : chosen;
    }
}
