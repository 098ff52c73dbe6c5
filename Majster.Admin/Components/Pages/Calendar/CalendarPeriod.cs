using System.Globalization;

namespace Majster.Admin.Components.Pages.Calendar;

/// <summary>
/// The days a calendar shows, as its address names them: a month (<c>month=2026-12</c>, drawn as the Monday-to-Sunday
/// weeks that hold it) or an ISO week (<c>week=2026-W50</c>); days are the person's, in their zone.
/// </summary>
public sealed record CalendarPeriod(bool IsWeek, DateOnly First, DateOnly Last)
{
    /// <summary>The first and last day drawn: whole weeks from Monday.</summary>
    public DateOnly GridFirst => First.AddDays(-(((int)First.DayOfWeek + 6) % 7));

    public DateOnly GridLast => Last.AddDays((7 - (int)Last.DayOfWeek) % 7);

    public IEnumerable<DateOnly> Days()
    {
        for (var day = GridFirst; day <= GridLast; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>This month or week, as an address's query.</summary>
    public string Query => IsWeek ? WeekQuery(First) : MonthQuery(First);

    /// <summary>The month or week before and after, as an address's query.</summary>
    public string Previous => IsWeek ? WeekQuery(First.AddDays(-7)) : MonthQuery(First.AddMonths(-1));

    public string Next => IsWeek ? WeekQuery(First.AddDays(7)) : MonthQuery(First.AddMonths(1));

    /// <summary>The other view of the same time: the month of this week's Thursday, or this month's first week.</summary>
    public string Other => IsWeek ? MonthQuery(First.AddDays(3)) : WeekQuery(First);

    public static CalendarPeriod Month(DateOnly any) =>
        new(false, new DateOnly(any.Year, any.Month, 1), new DateOnly(any.Year, any.Month, DateTime.DaysInMonth(any.Year, any.Month)));

    public static CalendarPeriod Week(DateOnly any)
    {
        var monday = any.AddDays(-(((int)any.DayOfWeek + 6) % 7));
        return new(true, monday, monday.AddDays(6));
    }

    /// <summary>The period an address names (<c>week</c> before <c>month</c>), else the month of <paramref name="today"/>.</summary>
    public static CalendarPeriod Parse(string? month, string? week, DateOnly today)
    {
        if (week is { Length: 8 } && week[4] == '-' && week[5] is 'W' or 'w'
            && int.TryParse(week.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var weekYear)
            && int.TryParse(week.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && weekYear is >= 1 and <= 9998 && number >= 1 && number <= ISOWeek.GetWeeksInYear(weekYear))
        {
            return Week(DateOnly.FromDateTime(ISOWeek.ToDateTime(weekYear, number, DayOfWeek.Monday)));
        }

        return DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? Month(first)
            : Month(today);
    }

    private static string MonthQuery(DateOnly day) => "month=" + day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string WeekQuery(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return FormattableString.Invariant($"week={ISOWeek.GetYear(date):0000}-W{ISOWeek.GetWeekOfYear(date):00}");
    }
}
