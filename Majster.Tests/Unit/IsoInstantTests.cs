using Majster.Core.Time;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class IsoInstantTests
{
    [Theory]
    [InlineData("2026-01-03T10:00:00.000Z", "2026-01-03T10:00:00.000Z")]
    [InlineData("2026-01-03T10:00:00Z", "2026-01-03T10:00:00.000Z")]
    [InlineData("2030-01-03T10:00:00.000+01:00", "2030-01-03T09:00:00.000Z")]
    [InlineData("2026-07-01T00:30:00-04:00", "2026-07-01T04:30:00.000Z")]
    [InlineData("2026-03-29T02:30:00+02:00", "2026-03-29T00:30:00.000Z")]
    [InlineData("2026-01-03T10:00:00.1234567Z", "2026-01-03T10:00:00.123Z")]
    public void TryParse_NormalisesToUtc_WhenTheOffsetIsExplicit(string input, string expected)
    {
        Assert.True(IsoInstant.TryParse(input, out var utc, out var error));
        Assert.Null(error);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
        Assert.Equal(expected, IsoInstant.Format(utc));
    }

    [Theory]
    [InlineData("2026-01-03T10:00:00.12345678Z", 123_456)]
    [InlineData("2026-01-03T10:00:00.123456789Z", 123_456)]
    [InlineData("2026-01-03T10:00:00.999999999Z", 999_999)]
    [InlineData("2026-01-03T11:00:00.000000999+01:00", 0)]
    [InlineData("2026-01-03T10:00:00.1234567Z", 123_456)]
    public void TryParse_TruncatesToMicroseconds_WhenTheFractionIsFinerThanPostgresKeeps(string input, long microseconds)
    {
        Assert.True(IsoInstant.TryParse(input, out var utc, out var error), error);

        Assert.Equal(new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero).AddTicks(microseconds * TimeSpan.TicksPerMicrosecond), utc);
    }

    [Fact]
    public void TryParse_RefusesTenFractionalDigits()
    {
        Assert.False(IsoInstant.TryParse("2026-01-03T10:00:00.1234567891Z", out _, out var error));
        Assert.Contains("not an ISO 8601", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-01-03T10:00:00")]
    [InlineData("2026-01-03T10:00:00.000")]
    [InlineData("2026-01-03T10:00")]
    public void TryParse_RefusesWithAMessageAboutTheOffset_WhenTheTimestampIsNaive(string input)
    {
        Assert.False(IsoInstant.TryParse(input, out _, out var error));
        Assert.Contains("offset", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00Z", "not a real date")]
    [InlineData("2026-13-01T10:00:00Z", "not a real date")]
    [InlineData("2026-01-01T25:00:00Z", "not a real date")]
    [InlineData("tomorrow", "not an ISO 8601")]
    [InlineData("2026-01-03 10:00:00Z", "not an ISO 8601")]
    [InlineData("1735900000", "not an ISO 8601")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void TryParse_Refuses_WhenTheTextIsNoInstant(string? input, string expectedWords)
    {
        Assert.False(IsoInstant.TryParse(input, out _, out var error));
        Assert.Contains(expectedWords, error, StringComparison.Ordinal);
    }
}
