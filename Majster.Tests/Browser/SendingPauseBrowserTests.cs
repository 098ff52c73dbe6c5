using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>An admin pauses all sending from the dashboard; every page says so, and a due send says why it waits.</summary>
[Trait("Category", "Browser")]
public sealed class SendingPauseBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PauseSwitch_PutsTheBannerOnEveryPage_AndTheGridSaysWhyADueSendWaits()
    {
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        var banner = page.GetByTestId("sending-paused-banner");
        await Assertions.Expect(banner).ToHaveCountAsync(0);

        await page.GetByTestId("sending-switch").Locator("input").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("Pause all sending?");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();

        await Assertions.Expect(banner).ToContainTextAsync($"Sending is paused for everyone by {MajsterAppFactory.AdminEmail} since");
        var now = TimeProvider.System.GetUtcNow();
        await Seed.ScheduledSendsAsync(app.ConnectionString, now, now.AddMinutes(-1), 1, TestContext.Current.CancellationToken, subject: "Held offer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "sending-paused-dashboard.png"), FullPage = true });

        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(banner).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = "Held offer 0" });
        await Assertions.Expect(row.GetByTestId("waiting-for")).ToHaveTextAsync("Waiting: sending is paused");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "sending-paused-grid.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "sending-paused-grid-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        Assert.Equal(0, app.Smtp.Attempts);

        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("sending-switch").Locator("input").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Assertions.Expect(banner).ToHaveCountAsync(0);
        await app.Smtp.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(30));
    }
}
