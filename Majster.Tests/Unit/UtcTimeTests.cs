using Majster.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class UtcTimeTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    [Fact]
    public void UtcNow_ReturnsTheClocksInstantWithZeroOffset_WhenTheClockIsPinned()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero));

        var now = UtcTime.UtcNow(clock);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero), now);
        Assert.Equal(TimeSpan.Zero, now.Offset);
    }

    [Theory]
    [InlineData("2026-01-03T11:00:00+01:00", "2026-01-03T10:00:00Z")]
    [InlineData("2026-07-03T12:00:00+02:00", "2026-07-03T10:00:00Z")]
    [InlineData("2026-01-03T04:30:00-05:30", "2026-01-03T10:00:00Z")]
    [InlineData("2026-01-03T10:00:00+00:00", "2026-01-03T10:00:00Z")]
    public void EnsureUtc_KeepsTheInstantAndZeroesTheOffset_WhenGivenAnyOffset(string input, string expectedUtc)
    {
        var result = UtcTime.EnsureUtc(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.Zero, result.Offset);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), result);
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), result.UtcDateTime);
    }

    [Fact]
    public void EnsureUtc_Throws_WhenTheDateTimeIsNaive()
    {
        var naive = new DateTime(2026, 1, 3, 10, 0, 0, DateTimeKind.Unspecified);

        var error = Assert.Throws<ArgumentException>(() => UtcTime.EnsureUtc(naive));
        Assert.Contains("naive", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EnsureUtc_KeepsTheInstant_WhenTheDateTimeIsUtc()
    {
        var utc = new DateTime(2026, 1, 3, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero), UtcTime.EnsureUtc(utc));
    }

    [Fact]
    public void IsDue_ComparesInstants_WhenOffsetsDiffer()
    {
        var now = new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero);

        // 10:30+01:00 is 09:30Z: due. 10:30Z: not yet. Same instant written two ways: due.
        Assert.True(UtcTime.IsDue(new DateTimeOffset(2026, 1, 3, 10, 30, 0, TimeSpan.FromHours(1)), now));
        Assert.False(UtcTime.IsDue(new DateTimeOffset(2026, 1, 3, 10, 30, 0, TimeSpan.Zero), now));
        Assert.True(UtcTime.IsDue(new DateTimeOffset(2026, 1, 3, 11, 0, 0, TimeSpan.FromHours(1)), now));
        Assert.True(UtcTime.IsDue(null, now));
    }

    [Fact]
    public void AddSeconds_CountsElapsedTime_AcrossTheSpringForwardGap()
    {
        // 01:30 local on 29 March 2026 in Warsaw is +01:00; one hour later, clocks read 03:30 (+02:00).
        var beforeGap = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1));

        var later = UtcTime.AddSeconds(beforeGap, 3600);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), later);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), TimeZoneInfo.ConvertTime(later, Warsaw).DateTime);
    }

    [Fact]
    public void AddSeconds_CountsElapsedTime_AcrossTheFallBackOverlap()
    {
        // 02:30 local on 25 October 2026 happens twice in Warsaw; the first (+02:00) plus an hour is the second (+01:00).
        var firstPass = new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2));

        var later = UtcTime.AddSeconds(firstPass, 3600);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), later);
        var local = TimeZoneInfo.ConvertTime(later, Warsaw);
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), local.Offset);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 120)]
    [InlineData(2, 240)]
    [InlineData(3, 480)]
    [InlineData(5, 1920)]
    [InlineData(6, 3600)]
    [InlineData(20, 3600)]
    [InlineData(10_000, 3600)]
    public void ExponentialBackoff_DoublesFromSixtySecondsAndCapsAtAnHour_WhenDefaultsApply(int retries, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), UtcTime.ExponentialBackoff(retries));
    }

    [Fact]
    public void ExponentialBackoff_UsesTheConfiguredDelays_WhenGiven()
    {
        var delay = UtcTime.ExponentialBackoff(2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));

        Assert.Equal(TimeSpan.FromSeconds(15), delay);
        Assert.Equal(TimeSpan.FromSeconds(10), UtcTime.ExponentialBackoff(1, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void ExponentialBackoff_Throws_WhenRetriesAreNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UtcTime.ExponentialBackoff(-1));
    }
}
