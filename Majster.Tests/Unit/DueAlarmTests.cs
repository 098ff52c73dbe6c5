using Majster.Admin.Jobs;

namespace Majster.Tests.Unit;

/// <summary>The waker's alarm: only a notification earlier than the alarm wakes it, and none is lost while it ticks.</summary>
[Trait("Category", "Unit")]
public sealed class DueAlarmTests
{
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Notify_WakesTheSleeper_OnlyForAnInstantBeforeItsAlarm()
    {
        var alarm = new DueAlarm();
        Assert.Equal(Ten, alarm.Arm(Ten));

        Assert.False(alarm.Notify(Ten.AddSeconds(5)));
        Assert.False(alarm.Notify(Ten));
        Assert.True(alarm.Notify(Ten.AddSeconds(-5)));
        Assert.Equal(Ten.AddSeconds(-5), alarm.Disarm());
    }

    [Fact]
    public void Notify_WithNoInstant_WakesTheSleeperAsIfDueNow()
    {
        var alarm = new DueAlarm();
        alarm.Arm(Ten);

        Assert.True(alarm.Notify(null));
        Assert.Equal(DateTimeOffset.MinValue, alarm.Disarm());
    }

    [Fact]
    public void Notify_WhileTicking_DoesNotWake_ButTheNextArmWakesEarlier()
    {
        var alarm = new DueAlarm();

        Assert.False(alarm.Notify(Ten.AddSeconds(30)));
        Assert.False(alarm.Notify(Ten.AddSeconds(20)));

        Assert.Equal(Ten.AddSeconds(20), alarm.Arm(Ten.AddMinutes(1)));
        Assert.False(alarm.Notify(Ten.AddSeconds(25)));
        Assert.Equal(Ten.AddSeconds(25), alarm.Disarm());
        Assert.Null(alarm.Disarm());
    }

    [Fact]
    public void Arm_KeepsItsInstant_WhenWhatWasNotifiedIsLater()
    {
        var alarm = new DueAlarm();
        alarm.Notify(Ten.AddHours(1));

        Assert.Equal(Ten, alarm.Arm(Ten));
        Assert.Null(alarm.Disarm());
    }

    [Theory]
    [InlineData("1772445600000", "2026-03-02T10:00:00Z")]
    [InlineData("1772445600001", "2026-03-02T10:00:00.001Z")]
    public void DueInstant_ReadsUnixMilliseconds(string payload, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DueSendWaker.DueInstant(payload));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void DueInstant_IsUnknown_ForAnythingElse(string payload) => Assert.Null(DueSendWaker.DueInstant(payload));
}
