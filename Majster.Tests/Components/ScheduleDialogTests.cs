using Bunit;
using Majster.Admin.Components.Dialogs;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Majster.Tests.Components;

/// <summary>The schedule dialog, shown through MudDialogProvider as the app shows it.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleDialogTests : MudTestContext
{
    [Fact]
    public async Task Dialog_ShowsTheUtcInstantOfTheChosenLocalTime()
    {
        var (provider, dialog) = await ShowAsync(new DateTimeOffset(2026, 1, 20, 7, 30, 0, TimeSpan.Zero));

        Assert.Contains("Times are Warsaw time.", provider.Markup, StringComparison.Ordinal);
        Assert.Equal("Goes out on Tuesday 20 January 2026 at 08:30, Warsaw time (07:30 UTC).", provider.Find("[data-testid=utc-preview]").TextContent.Trim());
        Assert.NotNull(dialog);
    }

    [Fact]
    public async Task QuickPick_TomorrowAt8_IsSevenUtcInWinter()
    {
        var (provider, _) = await ShowAsync(null);

        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Tomorrow, Tuesday 13 January, 08:00").Click();

        Assert.Equal("Goes out on Tuesday 13 January 2026 at 08:00, Warsaw time (07:00 UTC).", provider.Find("[data-testid=utc-preview]").TextContent.Trim());
    }

    [Fact]
    public async Task Dialog_AsksWhichInstant_WhenTheLocalTimeHappensTwice_AndReturnsTheChoice()
    {
        // 00:30 UTC on 25 October 2026 is the first 02:30 in Warsaw; 02:30 happens again an hour later.
        var (provider, dialog) = await ShowAsync(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero));

        Assert.Contains("happens twice", provider.Markup, StringComparison.Ordinal);
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule").HasAttribute("disabled"));
        provider.FindAll("input[type=radio]")[1].Click();
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule").Click();

        var result = await dialog.Result;
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), result!.Data);
    }

    [Fact]
    public async Task Dialog_RefusesATimeInTheSpringForwardGap_ThenAcceptsTheHourAfter()
    {
        var (provider, _) = await ShowAsync(null);

        provider.Find("input[aria-label=Date]").Input("3/29/2026");
        provider.Find("input[aria-label=Time]").Input("02:30");

        Assert.Contains("does not exist", provider.Find("[data-testid=schedule-refused]").TextContent, StringComparison.Ordinal);
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule").HasAttribute("disabled"));

        provider.Find("input[aria-label=Time]").Input("03:30");

        Assert.Equal("Goes out on Sunday 29 March 2026 at 03:30, Warsaw time (01:30 UTC).", provider.Find("[data-testid=utc-preview]").TextContent.Trim());
    }

    [Fact]
    public async Task Dialog_RefusesATimeThatHasPassed()
    {
        var (provider, _) = await ShowAsync(Clock.GetUtcNow().AddMinutes(-5));

        Assert.Contains("has passed", provider.Find("[data-testid=schedule-refused]").TextContent, StringComparison.Ordinal);
        Assert.True(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule").HasAttribute("disabled"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync(DateTimeOffset? initial)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<ScheduleDialog>("Schedule", new DialogParameters<ScheduleDialog>
        {
            { d => d.Zone, Warsaw },
            { d => d.Initial, initial },
            { d => d.Title, "Schedule" },
        }));
        return (provider, dialog!);
    }
}
