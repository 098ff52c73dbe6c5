using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The calendar: a month or a week of the person's days, each a link to the grid of that day.</summary>
public sealed class CalendarPage(IPage page)
{
    /// <summary>The day's cell, by its <c>data-date</c> (yyyy-MM-dd).</summary>
    public ILocator Day(DateOnly day) => page.Locator($"a[data-date='{day:yyyy-MM-dd}']");

    public async Task GotoAsync(string query)
    {
        await page.GotoAsync("/calendar?" + query);
        await page.WaitForInteractiveAsync();
    }
}
