using Microsoft.Playwright;

namespace Majster.Tests.Support;

/// <summary>Debian's Chromium, driven headless by Playwright (never a downloaded browser), and the pages the tests open in it.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>A fresh browser context (no cookies) at a 1280×800 window, in British English, on <paramref name="baseUrl"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, bool ignoreHttpsErrors = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            IgnoreHTTPSErrors = ignoreHttpsErrors,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
