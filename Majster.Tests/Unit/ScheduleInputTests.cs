using Majster.Admin.Ui;
using Majster.Core.Time;

namespace Majster.Tests.Unit;

/// <summary>The schedule dialog's rules in Europe/Warsaw, around both DST changes of 2026.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleInputTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_ConvertsWinterTimeWithPlusOne()
    {
        var result = ScheduleInput.Evaluate(new DateTime(2026, 3, 27), new TimeSpan(10, 0, 0), Warsaw, Now, null);

        Assert.Equal(new ScheduleInput.Result.Ok(new DateTimeOffset(2026, 3, 27, 9, 0, 0, TimeSpan.Zero)), result);
    }

    [Fact]
    public void Evaluate_ConvertsSummerTimeWithPlusTwo()
    {
        var result = ScheduleInput.Evaluate(new DateTime(2026, 3, 30), new TimeSpan(10, 0, 0), Warsaw, Now, null);

        Assert.Equal(new ScheduleInput.Result.Ok(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero)), result);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 30)]
    [InlineData(2, 59)]
    public void Evaluate_RefusesATimeInTheSpringForwardGap(int hour, int minute)
    {
        var result = ScheduleInput.Evaluate(new DateTime(2026, 3, 29), new TimeSpan(hour, minute, 0), Warsaw, Now, null);

        Assert.Equal(new ScheduleInput.Result.Refused("ScheduleTimeSkipped"), result);
    }

    [Fact]
    public void Evaluate_AsksWhichOne_WhenTheTimeHappensTwiceAtFallBack()
    {
        var result = ScheduleInput.Evaluate(new DateTime(2026, 10, 25), new TimeSpan(2, 30, 0), Warsaw, Now, null);

        var choice = Assert.IsType<ScheduleInput.Result.ChooseOne>(result);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), choice.Earlier);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), choice.Later);
    }

    [Fact]
    public void Evaluate_TakesTheChosenInstant_WhenTheTimeHappensTwice()
    {
        var later = new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero);

        var result = ScheduleInput.Evaluate(new DateTime(2026, 10, 25), new TimeSpan(2, 30, 0), Warsaw, Now, later);

        Assert.Equal(new ScheduleInput.Result.Ok(later), result);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(9, 59)]
    public void Evaluate_RefusesThePastAndNow(int hour, int minute)
    {
        // Now is 10:00 in Warsaw (09:00 UTC).
        var result = ScheduleInput.Evaluate(new DateTime(2026, 3, 20), new TimeSpan(hour, minute, 0), Warsaw, Now, null);

        Assert.Equal(new ScheduleInput.Result.Refused("ScheduleInPast"), result);
    }

    [Fact]
    public void QuickPicks_AreWallClockTimesInTheZone()
    {
        Assert.Equal(new DateTime(2026, 3, 20, 11, 0, 0), ScheduleInput.InOneHour(Now, Warsaw));
        Assert.Equal(new DateTime(2026, 3, 21, 8, 0, 0), ScheduleInput.TomorrowAt8(Now, Warsaw));
        Assert.Equal(new DateTime(2026, 3, 23, 8, 0, 0), ScheduleInput.NextMondayAt8(Now, Warsaw));
    }

    [Fact]
    public void LocalTimes_ReportsTheGapAndTheOverlap()
    {
        Assert.IsType<LocalTimeResolution.Skipped>(LocalTimes.Resolve(new DateTime(2026, 3, 29, 2, 15, 0), Warsaw));
        Assert.IsType<LocalTimeResolution.Ambiguous>(LocalTimes.Resolve(new DateTime(2026, 10, 25, 2, 15, 0), Warsaw));
        Assert.IsType<LocalTimeResolution.Exact>(LocalTimes.Resolve(new DateTime(2026, 10, 25, 3, 15, 0), Warsaw));
    }
}
