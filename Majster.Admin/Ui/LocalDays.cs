using Majster.Core.Time;

namespace Majster.Admin.Ui;

/// <summary>Days as a person lives them, in their zone, as UTC instants for the database.</summary>
public static class LocalDays
{
    /// <summary>
    /// The first instant of <paramref name="day"/> in <paramref name="zone"/>: its midnight; the earlier one when midnight
    /// happens twice; the end of the gap when the clocks skip midnight (the day then starts at the gap's end).
    /// </summary>
    public static DateTimeOffset Start(DateTime day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var midnight = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
        return LocalTimes.Resolve(midnight, zone) switch
        {
            LocalTimeResolution.Exact exact => exact.Utc,
            LocalTimeResolution.Ambiguous ambiguous => ambiguous.Earlier,
            // The offset in force before the gap names the instant the clocks jumped at, which is the day's first.
            _ => new DateTimeOffset(midnight, zone.GetUtcOffset(midnight.AddDays(-1))).ToUniversalTime(),
        };
    }
}
