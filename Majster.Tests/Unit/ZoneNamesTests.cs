using System.Globalization;
using Majster.Admin.Ui;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ZoneNamesTests
{
    [Theory]
    [InlineData("Europe/Warsaw", "pl-PL", "Warszawa")]
    [InlineData("Europe/Warsaw", "en-GB", "Warsaw")]
    [InlineData("Europe/Vienna", "pl-PL", "Wiedeń")]
    [InlineData("America/New_York", "pl-PL", "Nowy Jork")]
    [InlineData("America/New_York", "en-GB", "New York")]
    public void City_IsTheZonesCity_InThePersonsLanguage(string zone, string culture, string city) =>
        Assert.Equal(city, ZoneNames.City(zone, CultureInfo.GetCultureInfo(culture)));

    [Fact]
    public void Shown_PutsTheIdAfterTheCity_AndAZoneWithoutACityAsItsId()
    {
        Assert.Equal("Warszawa (Europe/Warsaw)", ZoneNames.Shown("Europe/Warsaw", CultureInfo.GetCultureInfo("pl-PL")));
        Assert.Equal("UTC", ZoneNames.Shown("UTC", CultureInfo.GetCultureInfo("pl-PL")));
    }
}
