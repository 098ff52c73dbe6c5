using Majster.Admin.Ui;

namespace Majster.Tests.Unit;

/// <summary>Where a person's day starts, as the grid's date range filters by it.</summary>
[Trait("Category", "Unit")]
public sealed class LocalDaysTests
{
    [Fact]
    public void Start_IsMidnightInThePersonsZone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), LocalDays.Start(new DateTime(2026, 3, 11), tokyo));
    }

    [Fact]
    public void Start_FollowsSummerTime()
    {
        var warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), LocalDays.Start(new DateTime(2026, 3, 29), warsaw));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), LocalDays.Start(new DateTime(2026, 3, 30), warsaw));
    }

    [Fact]
    public void Start_IsTheGapsEnd_WhenTheClocksSkipMidnight()
    {
        // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026: that day starts at 01:00 -03:00.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), LocalDays.Start(new DateTime(2026, 9, 6), santiago));
    }
}
