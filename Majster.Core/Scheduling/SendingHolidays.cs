using PublicHoliday;

namespace Majster.Core.Scheduling;

/// <summary>
/// The days the sending hours skip: the public holidays of the countries named (from the <c>PublicHoliday</c>
/// package, which keeps the rules, Easter's included) and the extra dates configured.
/// </summary>
public sealed class SendingHolidays(IReadOnlyList<string> countries, IReadOnlySet<DateOnly> extra)
{
    private static readonly Dictionary<string, Func<PublicHolidayBase>> Calendars = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PL"] = () => new PolandPublicHoliday(),
    };

    private readonly PublicHolidayBase[] _calendars = [.. countries.Select(country => Calendars[country]())];

    /// <summary>The country codes <c>Sending:Window:Holidays</c> understands.</summary>
    public static IEnumerable<string> Countries => Calendars.Keys;

    public static bool Knows(string country) => Calendars.ContainsKey(country);

    public bool Contains(DateOnly day) =>
        extra.Contains(day) || _calendars.Any(calendar => calendar.IsPublicHoliday(day.ToDateTime(TimeOnly.MinValue)));
}
