using System.Globalization;
using Microsoft.Playwright;

namespace Majster.Tests.Browser.Pages;

/// <summary>The schedule (or reschedule) dialog: a date and a time typed in the person's zone.</summary>
public sealed class ScheduleDialogPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Schedule|Reschedule)") });

    public ILocator UtcPreview => Dialog.GetByTestId("utc-preview");

    public async Task EnterAsync(DateTime local)
    {
        var date = Dialog.GetByLabel("Date");
        var english = CultureInfo.GetCultureInfo("en-GB");
        await date.FillAsync(local.ToString(english.DateTimeFormat.ShortDatePattern, english));
        await date.PressAsync("Tab");
        var time = Dialog.GetByLabel("Time");
        await time.FillAsync(local.ToString("HH:mm", CultureInfo.InvariantCulture));
        await time.PressAsync("Tab");
    }

    public async Task ConfirmAsync() => await Dialog.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
}
