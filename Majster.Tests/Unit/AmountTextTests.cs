using System.Globalization;
using Majster.Admin.Ui;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class AmountTextTests
{
    [Theory]
    [InlineData("pl-PL", "23 450,75", 23450.75)]
    [InlineData("pl-PL", "23\u00a0450,75", 23450.75)]
    [InlineData("pl-PL", "23450,75", 23450.75)]
    [InlineData("pl-PL", " 1 000 000 ", 1000000)]
    [InlineData("en-GB", "23,450.75", 23450.75)]
    [InlineData("en-GB", "23450.75", 23450.75)]
    [InlineData("en-GB", "0", 0)]
    public void TryParse_ReadsWhatTheCultureWrites(string culture, string text, double expected)
    {
        Assert.True(AmountText.TryParse(text, CultureInfo.GetCultureInfo(culture), out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("en-GB", "23450,75")]
    [InlineData("en-GB", "23.450,75")]
    [InlineData("pl-PL", "23,450.75")]
    [InlineData("pl-PL", "23 45,75")]
    [InlineData("pl-PL", "-5")]
    [InlineData("pl-PL", "")]
    [InlineData("en-GB", "12.5.0")]
    public void TryParse_Refuses_WhatTheCultureDoesNotWrite(string culture, string text)
    {
        Assert.False(AmountText.TryParse(text, CultureInfo.GetCultureInfo(culture), out _));
    }

    [Theory]
    [InlineData("pl-PL", "23\u00a0450,75")]
    [InlineData("en-GB", "23,450.75")]
    public void Example_IsWrittenInTheCulture(string culture, string expected)
    {
        Assert.Equal(expected, AmountText.Example(CultureInfo.GetCultureInfo(culture)));
    }
}
