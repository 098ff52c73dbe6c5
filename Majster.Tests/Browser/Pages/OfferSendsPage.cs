using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The offer-send grid.</summary>
public sealed class OfferSendsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Offer sends" });

    public ILocator Row(string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    public ILocator RowButton(string rowText, string button) => Row(rowText).GetByRole(AriaRole.Button, new() { Name = button, Exact = true });

    /// <summary>The subjects of the rows on screen, top to bottom (each row links its subject to the send).</summary>
    public ILocator Subjects => page.Locator("table tbody tr a[href^='/offer-sends/']");

    public ILocator ColumnHeader(string title) => page.GetByRole(AriaRole.Columnheader, new() { Name = title });

    /// <summary>A status's chip: a button, pressed while its status is a filter.</summary>
    public ILocator StatusChip(string status) =>
        page.GetByRole(AriaRole.Group, new() { Name = "Status" }).GetByRole(AriaRole.Button, new() { Name = status, Exact = true });

    /// <summary>The date range picker's input (its label names the picker, not the input).</summary>
    public ILocator DateRange => page.Locator(".mud-picker").Filter(new() { HasText = "Scheduled between" }).Locator("input").First;

    /// <summary>
    /// Waits until the live grid has loaded its <paramref name="rows"/> rows: the pager, which the prerendered rows do
    /// not have, counts them ("1-2 of 2", in Polish "1–2 z 2"). Until then a header or chip may belong to the page the
    /// circuit is replacing.
    /// </summary>
    public Task WaitForLoadedAsync(int rows) =>
        Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex($"^1[-–]{rows} (of|z) {rows}$"))).ToBeVisibleAsync();

    public async Task GotoAsync()
    {
        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
    }
}
