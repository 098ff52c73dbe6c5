using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>The admin UI at a desktop's 1280×800: what reads as a row is one, everything a row offers is in sight, and long texts get the room to be read.</summary>
[Trait("Category", "Browser")]
public sealed partial class AdminUiBrowserTests
{
    [Fact]
    public async Task OnADesktop_TheDashboardsFiguresShareOneHeight_TheGridsActionsAreInSight_AndAnAttemptsErrorHasTheWidth()
    {
        var seeded = await UiSeed.EveryStateAsync(app.ConnectionString, MajsterAppFactory.AdminEmail, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);

        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator(".metric-card")).ToHaveCountAsync(7);
        await Assertions.Expect(page.GetByTestId("metric-value").Last).ToContainTextAsync("%");
        var cards = await page.Locator(".metric-card").EvaluateAllAsync<double[][]>(
            "cards => cards.map(c => { const r = c.getBoundingClientRect(); return [r.top, r.height]; })");

        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
        await page.Locator(".mud-table-body tr").First.WaitForAsync();
        var grid = await page.Locator(".mud-table-container").First.EvaluateAsync<int[]>("c => [c.scrollWidth, c.clientWidth]");

        await page.GotoAsync($"/offer-sends/{seeded.FailedByOutbox.Id}");
        await page.WaitForInteractiveAsync();
        var rawError = page.Locator("[aria-label=Attempts] [data-testid=failure-raw]").First;
        await rawError.WaitForAsync();
        var errorLines = await rawError.EvaluateAsync<double>("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)");

        Assert.Single(cards.Select(c => Math.Round(c[0])).Distinct());
        Assert.True(cards.Max(c => c[1]) - cards.Min(c => c[1]) < 1, "Card heights: " + string.Join(", ", cards.Select(c => c[1])));
        Assert.True(grid[0] <= grid[1], $"The grid is {grid[0]} px wide in {grid[1]}: its last columns, the actions, are out of sight.");
        Assert.True(errorLines <= 3, $"An attempt's raw error takes {errorLines:0.#} lines.");
    }
}
