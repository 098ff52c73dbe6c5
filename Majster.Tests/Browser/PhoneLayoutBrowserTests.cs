using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>The admin UI on a phone (390×844): no page scrolls sideways, and the e-mail preview shows.</summary>
[Trait("Category", "Browser")]
public sealed class PhoneLayoutBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task EveryPage_FitsAPhonesWidth_AndTheDetailShowsThePreview()
    {
        var now = TimeProvider.System.GetUtcNow();
        var send = (await Seed.ScheduledSendsAsync(app.ConnectionString, now, now.AddDays(1), 1, TestContext.Current.CancellationToken,
            subject: "Oferta na bardzo długi remont łazienki i kuchni w Śródmieściu")).Single();
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.SetViewportSizeAsync(390, 844);

        List<string> overflowing = [];
        foreach (var path in new[] { "/", "/offer-sends", "/offers", "/account", "/admin/users", $"/offer-sends/{send.Id}" })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 390)
            {
                var widest = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
                        .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')
                    """);
                overflowing.Add($"{path}: {width} px ({widest})");
            }
        }

        Assert.True(overflowing.Count == 0, string.Join("\n", overflowing));
        var preview = page.GetByTitle("E-mail preview");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        Assert.True((await preview.BoundingBoxAsync())!.Width >= 300, "The e-mail preview is squeezed on a phone.");
    }
}
