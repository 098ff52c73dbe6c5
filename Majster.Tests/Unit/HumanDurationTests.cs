using System.Globalization;
using Majster.Admin.Ui;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(45.4, "en-GB", "45 ms")]
    [InlineData(4_200, "en-GB", "4.2 s")]
    [InlineData(4_200, "pl-PL", "4,2 s")]
    [InlineData(12_600, "en-GB", "13 s")]
    [InlineData(200_066, "en-GB", "3 min 20 s")]
    [InlineData(180_000, "en-GB", "3 min")]
    [InlineData(7_500_000, "pl-PL", "2 h 5 min")]
    [InlineData(-1_500, "en-GB", "−1.5 s")]
    public void Format_SaysTheDurationAsPeopleDo(double milliseconds, string culture, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromMilliseconds(milliseconds), CultureInfo.GetCultureInfo(culture)));
}
