using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

public static class BlazorPageExtensions
{
    /// <summary>Waits until the circuit is up: a prerendered page shows its buttons before they do anything.</summary>
    public static Task WaitForInteractiveAsync(this IPage page, float? timeout = null) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeout });
}
