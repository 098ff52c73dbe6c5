using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The offers list with its two dialogs: a new offer and a new send.</summary>
public sealed class OffersPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/offers");
        await page.WaitForInteractiveAsync();
    }

    public async Task CreateOfferAsync(string title, string client, string email, string amount)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New offer" }).ClickAsync();
        await Dialog.GetByLabel("Title").FillAsync(title);
        await Dialog.GetByLabel("Client name").FillAsync(client);
        await Dialog.GetByLabel("Client e-mail").FillAsync(email);
        await Dialog.GetByLabel("Amount").FillAsync(amount);
        await Dialog.GetByLabel("Amount").PressAsync("Tab");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = title }).WaitForAsync();
    }

    /// <summary>Creates a send for the offer; with <paramref name="subject"/> replacing the prefilled one.</summary>
    public async Task CreateSendAsync(string offerTitle, string subject, bool scheduleAfter)
    {
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = offerTitle }).GetByRole(AriaRole.Button, new() { Name = "New send" }).ClickAsync();
        await Dialog.GetByLabel("Subject").FillAsync(subject);
        if (scheduleAfter)
        {
            await Dialog.GetByLabel("Schedule after creating").CheckAsync();
        }

        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
    }
}
