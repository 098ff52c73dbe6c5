using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The offer-send grid.</summary>
public sealed class OfferSendsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Offer sends" });

    public ILocator Row(string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    public ILocator RowButton(string rowText, string button) => Row(rowText).GetByRole(AriaRole.Button, new() { Name = button, Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
    }
}
