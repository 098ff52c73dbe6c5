using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// The pictures in docs/screenshots, taken in Debian's Chromium on sends seeded in every state: the dashboard and the
/// grid in English, in Polish and on a phone (390×844), and a failed send's page as an admin sees it. They are saved
/// in the test output's <c>screenshots</c> folder (<see cref="BrowserFixture.ScreenshotDirectory"/>), from which they
/// are copied to docs/screenshots. Its own fixture: switching the language is remembered on the account.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ScreenshotBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DashboardAndGrid_InEnglishInPolishAndOnAPhone()
    {
        var seeded = await UiSeed.EveryStateAsync(app.ConnectionString, MajsterAppFactory.AdminEmail, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);

        await ShootAsync(page, "/", "dashboard", "Outbox folder cannot be written");
        await ShootAsync(page, "/offer-sends", "offer-sends", "Retrying 1/3");
        await ShootAsync(page, $"/offer-sends/{seeded.FailedByOutbox.Id}", "offer-send-detail", UiSeed.OutboxError);

        await page.SetViewportSizeAsync(390, 844);
        await ShootAsync(page, "/", "dashboard-phone", "Outbox folder cannot be written");
        await ShootAsync(page, "/offer-sends", "offer-sends-phone", "Retrying 1/3", fullPage: false);

        await page.SetViewportSizeAsync(1280, 800);
        await page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" }).ClickAsync();
        await page.Locator("html[lang=pl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ShootAsync(page, "/", "dashboard-pl", "Nie można zapisać w folderze wychodzącym");
        await ShootAsync(page, "/offer-sends", "offer-sends-pl", "Ponawianie 1/3");
    }

    /// <summary>
    /// Opens <paramref name="path"/>, waits until it shows <paramref name="shows"/> and its chart or e-mail preview is drawn, and saves
    /// it: the whole page, or the window only (the phone's grid is twenty cards long).
    /// </summary>
    private static async Task ShootAsync(IPage page, string path, string name, string shows, bool fullPage = true)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText(shows).First).ToBeVisibleAsync();
        if (path == "/")
        {
            await page.Locator(".mud-chart svg").First.WaitForAsync();
        }

        if (await page.GetByTitle("E-mail preview").CountAsync() > 0)
        {
            await Assertions.Expect(page.FrameLocator("[title='E-mail preview']").Locator("body")).ToContainTextAsync("Dzień dobry");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = fullPage });
    }
}
