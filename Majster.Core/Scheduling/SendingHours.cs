using Majster.Core.Time;

namespace Majster.Core.Scheduling;

/// <summary>
/// When messages may go out (<see cref="SendingWindowOptions"/>): on the open days that are not holidays, from
/// <c>From</c> to <c>To</c> on the zone's wall clock, whatever its offset that day. A <c>From</c> that a spring-forward
/// gap skips opens when the clocks jump; a <c>From</c> that happens twice opens the first time.
/// </summary>
public sealed class SendingHours
{
    /// <summary>How far ahead an opening is looked for; more than a year of closed days is a configuration mistake.</summary>
    private const int DaysLookedAhead = 400;

    private readonly SendingWindowOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly IReadOnlySet<DayOfWeek> _days;
    private readonly SendingHolidays _holidays;

    public SendingHours(SendingWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _zone = LocalTimes.Zone(options.TimeZone);
        _days = options.OpenDays;
        _holidays = new SendingHolidays(options.HolidayCountries, options.ExtraHolidays);
    }

    /// <summary>Whether sending hours are configured; when not, every instant is open.</summary>
    public bool IsSet => _options.IsSet;

    /// <summary>Whether <paramref name="instant"/> lies inside the sending hours.</summary>
    public bool IsOpenAt(DateTimeOffset instant) => NextOpening(instant) == instant;

    /// <summary>
    /// <paramref name="instant"/> itself when it lies inside the sending hours, else the next opening after it; null when
    /// none opens within a year.
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        if (!IsSet)
        {
            return instant;
        }

        var day = DateOnly.FromDateTime(LocalTimes.InZone(instant, _zone).DateTime);
        for (var i = 0; i < DaysLookedAhead; i++, day = day.AddDays(1))
        {
            if (!_days.Contains(day.DayOfWeek) || _holidays.Contains(day))
            {
                continue;
            }

            var opens = Instant(day, _options.From ?? TimeOnly.MinValue);
            var closes = _options.To is { } to ? Instant(day, to) : Instant(day.AddDays(1), TimeOnly.MinValue);
            if (instant < opens)
            {
                return opens;
            }

            if (instant < closes)
            {
                return instant;
            }
        }

        return null;
    }

    /// <summary>The first instant the zone's wall clock shows <paramref name="time"/> on <paramref name="day"/> (or the jump over it).</summary>
    private DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return LocalTimes.Resolve(local, _zone) switch
        {
            LocalTimeResolution.Exact exact => exact.Utc,
            LocalTimeResolution.Ambiguous ambiguous => ambiguous.Earlier,
            // In a gap: the wall clock jumps from the gap's start to its end; the instant of the jump is the one
            // the hour before the gap names, plus that hour.
            _ => GapEnd(local),
        };
    }

    private DateTimeOffset GapEnd(DateTime local)
    {
        var before = local;
        while (_zone.IsInvalidTime(before))
        {
            before = before.AddMinutes(-1);
        }

        var lastBefore = new DateTimeOffset(before, _zone.GetUtcOffset(before)).ToUniversalTime();
        return lastBefore.AddMinutes(1);
    }
}
