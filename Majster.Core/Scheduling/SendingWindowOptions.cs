using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Majster.Core.Scheduling;

/// <summary>
/// <c>Sending:Window</c>: the hours when messages may go out, e.g. <c>Days</c> <c>Mon,Tue,Wed,Thu,Fri</c>, <c>From</c>
/// <c>08:00</c>, <c>To</c> <c>17:00</c>, in <c>TimeZone</c> (IANA), except on <c>Holidays</c> (<c>PL</c> for Poland's
/// public holidays, and dates such as <c>2026-12-24</c>, comma-separated). Off unless <c>Days</c> or <c>From</c> is set.
/// </summary>
public sealed class SendingWindowOptions
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public string? Days { get; set; }

    public TimeOnly? From { get; set; }

    public TimeOnly? To { get; set; }

    public string TimeZone { get; set; } = "Europe/Warsaw";

    public string? Holidays { get; set; }

    /// <summary>Whether sending hours are configured.</summary>
    public bool IsSet => !string.IsNullOrWhiteSpace(Days) || From is not null || To is not null;

    /// <summary>The days of the week on which messages may go out; every day when <c>Days</c> is not set.</summary>
    public IReadOnlySet<DayOfWeek> OpenDays => string.IsNullOrWhiteSpace(Days)
        ? Enum.GetValues<DayOfWeek>().ToHashSet()
        : Split(Days).Select(day => (DayOfWeek)Array.FindIndex(DayNames, name => name.Equals(day, StringComparison.OrdinalIgnoreCase))).ToHashSet();

    /// <summary>The country codes named in <c>Holidays</c> (<c>PL</c>).</summary>
    public IReadOnlyList<string> HolidayCountries => [.. Split(Holidays).Where(item => !item.Contains('-', StringComparison.Ordinal)).Select(c => c.ToUpperInvariant())];

    /// <summary>The extra dates named in <c>Holidays</c>.</summary>
    public IReadOnlySet<DateOnly> ExtraHolidays => Split(Holidays).Where(item => item.Contains('-', StringComparison.Ordinal))
        .Select(item => DateOnly.ParseExact(item, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();

    internal IEnumerable<ValidationResult> Validate()
    {
        if (!IsSet)
        {
            yield break;
        }

        if (Split(Days).Any(day => !DayNames.Contains(day, StringComparer.OrdinalIgnoreCase)))
        {
            yield return Invalid("Sending:Window:Days lists days as Mon,Tue,Wed,Thu,Fri,Sat,Sun.");
        }

        if (From is { } from && To is { } to && to <= from)
        {
            yield return Invalid("Sending:Window:To must be later than Sending:Window:From.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return Invalid($"Sending:Window:TimeZone '{TimeZone}' is not a known IANA time zone.");
        }

        foreach (var item in Split(Holidays))
        {
            var valid = item.Contains('-', StringComparison.Ordinal)
                ? DateOnly.TryParseExact(item, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                : SendingHolidays.Knows(item);
            if (!valid)
            {
                yield return Invalid($"Sending:Window:Holidays: '{item}' is neither a supported country ({string.Join(", ", SendingHolidays.Countries)}) nor a date (yyyy-MM-dd).");
            }
        }
    }

    private static ValidationResult Invalid(string message) => new(message, ["Window"]);

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
