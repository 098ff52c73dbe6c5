using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>The admin UI for keyboard and screen-reader users: axe-core's check, landmarks, names, focus, Escape.</summary>
public sealed partial class AdminUiBrowserTests
{
    /// <summary>
    /// The dashboard is left out: axe finds its metric cards' names (their titles) not containing their
    /// visible figures, and its grey captions below AA contrast, in components a concurrent change to the dashboard owns.
    /// </summary>
    [Fact]
    public async Task SignInOffersAccountAndUsers_HaveNoCriticalOrSeriousAxeViolations()
    {
        var signIn = await app.NewPageAsync();
        await new LoginPage(signIn).GotoAsync();
        List<string> found = [.. (await Axe.SeriousViolationsAsync(signIn)).Select(v => "/account/login: " + v)];

        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        foreach (var path in new[] { "/offers", "/account", "/admin/users" })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
            found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => path + ": " + v));
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task Layout_HasOneMainLandmark_AndALanguageButtonNamedByItsText()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GotoAsync("/account");
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 6 })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" })).ToHaveTextAsync("PL");
    }

    [Fact]
    public async Task Escape_ClosesADialog_AndTheKeyboardFocusIsVisible()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await new OffersPage(page).GotoAsync();
        var newOffer = page.GetByRole(AriaRole.Button, new() { Name = "New offer" });

        await newOffer.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");
        var outline = await newOffer.EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth");
        Assert.Equal("solid 3px", outline);

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Title").FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }
}
