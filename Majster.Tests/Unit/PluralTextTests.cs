using System.Globalization;
using Majster.Admin.Ui;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class PluralTextTests
{
    [Theory]
    [InlineData(1, "one")]
    [InlineData(2, "few")]
    [InlineData(4, "few")]
    [InlineData(5, "many")]
    [InlineData(0, "many")]
    [InlineData(11, "many")]
    [InlineData(12, "many")]
    [InlineData(14, "many")]
    [InlineData(21, "many")]
    [InlineData(22, "few")]
    [InlineData(104, "few")]
    [InlineData(112, "many")]
    public void Category_FollowsCldrForPolish(int count, string expected)
    {
        Assert.Equal(expected, PluralText.Category(count, CultureInfo.GetCultureInfo("pl-PL")));
    }

    [Theory]
    [InlineData(1, "one")]
    [InlineData(2, "other")]
    [InlineData(0, "other")]
    public void Category_FollowsCldrForEnglish(int count, string expected)
    {
        Assert.Equal(expected, PluralText.Category(count, CultureInfo.GetCultureInfo("en-GB")));
    }
}
