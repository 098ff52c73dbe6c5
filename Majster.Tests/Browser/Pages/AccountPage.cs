using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The account page's card for where clients' replies go.</summary>
public sealed class AccountPage(IPage page)
{
    public ILocator Saved => page.GetByText("Saved.");

    public ILocator Error(string text) => page.GetByText(text);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/account");
        await page.WaitForInteractiveAsync();
    }

    public async Task SetReplyToAsync(string name, string address)
    {
        await page.GetByLabel("Name on replies").FillAsync(name);
        await page.GetByLabel("Reply address").FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).Last.ClickAsync();
    }
}
