using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The question asked before what cannot be undone (sending now, cancelling).</summary>
public sealed class ConfirmDialogPage(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    /// <summary>Answers yes with the dialog's own button (it names the action, e.g. "Send now").</summary>
    public async Task ConfirmAsync(string action)
    {
        await Dialog.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>Goes back with the dialog's <paramref name="back"/> button (its words in the page's language).</summary>
    public async Task BackAsync(string back = "Back")
    {
        await Dialog.GetByRole(AriaRole.Button, new() { Name = back, Exact = true }).ClickAsync();
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);
    }
}
