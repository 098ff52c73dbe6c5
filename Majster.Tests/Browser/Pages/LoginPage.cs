using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The sign-in page, found by roles and labels as a person (or a screen reader) finds it.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel("E-mail");
    public ILocator Password => page.GetByLabel("Password");
    public ILocator SignIn => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
    public ILocator Alert => page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync(string? returnUrl = null) =>
        await page.GotoAsync(returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignIn.ClickAsync();
    }
}
