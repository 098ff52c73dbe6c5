using Majster.Core.Time;

namespace Majster.Admin.Ui;

/// <summary>
/// The schedule dialog's rules, apart from its markup: a date and time typed in the person's zone become one UTC
/// instant, or a reason why not (no such time, or two such times and no choice yet, or not in the future).
/// </summary>
public static class ScheduleInput
{
    public abstract record Result
    {
        public sealed record Ok(DateTimeOffset Utc) : Result;

        public sealed record Refused(string ReasonKey) : Result;

        /// <summary>The time happens twice; the person must pick one.</summary>
        public sealed record ChooseOne(DateTimeOffset Earlier, DateTimeOffset Later) : Result;
    }

    public static Result Evaluate(DateTime? date, TimeSpan? time, TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset? chosen)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (date is null || time is null)
        {
            return new Result.Refused("ScheduleNeedsDateAndTime");
        }

        DateTimeOffset instant;
        switch (LocalTimes.Resolve(date.Value.Date + time.Value, zone))
        {
            case LocalTimeResolution.Skipped:
                return new Result.Refused("ScheduleTimeSkipped");
            case LocalTimeResolution.Ambiguous ambiguous when chosen != ambiguous.Earlier && chosen != ambiguous.Later:
                return new Result.ChooseOne(ambiguous.Earlier, ambiguous.Later);
            case LocalTimeResolution.Ambiguous:
                instant = chosen!.Value;
                break;
            case LocalTimeResolution.Exact exact:
                instant = exact.Utc;
                break;
            default:
                throw new InvalidOperationException("Unknown resolution.");
        }

        return instant <= now ? new Result.Refused("ScheduleInPast") : new Result.Ok(instant);
    }

    /// <summary>Quick picks, as wall-clock times in the person's zone.</summary>
    public static DateTime InOneHour(DateTimeOffset now, TimeZoneInfo zone) => RoundUpToMinute(LocalTimes.InZone(now.AddHours(1), zone).DateTime);

    public static DateTime TomorrowAt8(DateTimeOffset now, TimeZoneInfo zone) => LocalTimes.InZone(now, zone).Date.AddDays(1).AddHours(8);

    public static DateTime NextMondayAt8(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = LocalTimes.InZone(now, zone).Date;
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(days == 0 ? 7 : days).AddHours(8);
    }

    private static DateTime RoundUpToMinute(DateTime value) =>
        value.Second == 0 && value.Millisecond == 0 ? value : new DateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0, value.Kind).AddMinutes(1);
}
