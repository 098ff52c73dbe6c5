using Bunit;
using Majster.Admin.Components.Dialogs;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Majster.Tests.Components;

/// <summary>The schedule dialog says whom it schedules and when in words, takes a time as typed, and knows the person's today.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleDialogWordsTests : MudTestContext
{
    [Fact]
    public async Task Calendar_MarksThePersonsToday_AfterMidnightInTheirZone_WhileItIsStillYesterdayInUtc()
    {
        // 23:30 UTC on 7 December is 00:30 on 8 December in Warsaw.
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero));
        var popovers = Render<MudPopoverProvider>();
        var provider = await ShowAsync([]);

        provider.Find(".mud-picker .mud-input-adornment button").Click();

        Assert.Equal("8", popovers.Find(".mud-current").TextContent.Trim());
    }

    [Fact]
    public async Task Dialog_NamesTheClient_AndItsQuickPicksSayTheirDate()
    {
        // Monday 12 January 2026, 10:00 in Warsaw: "Monday" is next week's, and says so.
        var provider = await ShowAsync(["Jan Kowalski (jan@example.com)"]);

        Assert.Equal("For: Jan Kowalski (jan@example.com)", provider.Find("[data-testid=schedule-recipients]").TextContent.Trim());
        var picks = provider.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("In 1 hour, 11:00", picks);
        Assert.Contains("Tomorrow, Tuesday 13 January, 08:00", picks);
        Assert.Contains("Monday 19 January, 08:00", picks);
    }

    [Fact]
    public async Task InOneHour_SaysItsDay_WhenItFallsAfterMidnight()
    {
        // 22:40 UTC on Monday 12 January is 23:40 in Warsaw: an hour on is 00:40 on Tuesday.
        Clock.SetUtcNow(new DateTimeOffset(2026, 1, 12, 22, 40, 0, TimeSpan.Zero));
        var provider = await ShowAsync([]);

        var pick = provider.FindAll("button.quick-pick").Select(b => b.TextContent.Trim()).First();
        Assert.Equal("In 1 hour, Tuesday 13 January, 00:40", pick);
        provider.FindAll("button.quick-pick")[0].Click();
        Assert.Equal("Goes out on Tuesday 13 January 2026 at 00:40, Warsaw time (12 January, 23:40 UTC).", provider.Find("[data-testid=utc-preview]").TextContent.Trim());
    }

    [Fact]
    public async Task TypedTime_CountsAsTyped_WithoutLeavingTheField()
    {
        var provider = await ShowAsync([]);

        provider.Find("input[aria-label=Date]").Input("1/20/2026");
        provider.Find("input[aria-label=Time]").Input("09:15");

        Assert.False(provider.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule").HasAttribute("disabled"));
        Assert.Equal("Goes out on Tuesday 20 January 2026 at 09:15, Warsaw time (08:15 UTC).", provider.Find("[data-testid=utc-preview]").TextContent.Trim());
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(IReadOnlyList<string> recipients)
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ScheduleDialog>("Schedule", new DialogParameters<ScheduleDialog>
        {
            { d => d.Zone, Warsaw },
            { d => d.Title, "Schedule" },
            { d => d.Recipients, recipients },
        }));
        return provider;
    }
}

/// <summary>The same dialog in Polish: whom, when, and the quick picks, in Polish words and dates.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleDialogPolishWordsTests() : MudTestContext("pl")
{
    [Fact]
    public async Task Dialog_SaysWhenInPolish_WithTheCityInPolish()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ScheduleDialog>("x", new DialogParameters<ScheduleDialog>
        {
            { d => d.Zone, Warsaw },
            { d => d.Initial, new DateTimeOffset(2026, 12, 6, 23, 43, 0, TimeSpan.Zero) },
            { d => d.Recipients, ["Jan Kowalski (jan@example.com)", "Anna Nowak (anna@example.com)"] },
        }));

        Assert.Equal("Odbiorcy: Jan Kowalski (jan@example.com), Anna Nowak (anna@example.com)", provider.Find("[data-testid=schedule-recipients]").TextContent.Trim());
        Assert.Contains("Godziny według strefy czasowej: Warszawa.", provider.Markup, StringComparison.Ordinal);
        Assert.Equal("Wysyłka: poniedziałek, 7 grudnia 2026, godz. 00:43 (strefa: Warszawa), czyli 6 grudnia o 23:43 UTC.",
            provider.Find("[data-testid=utc-preview]").TextContent.Trim());
        Assert.Contains("Jutro, wtorek, 13 stycznia, 08:00", provider.FindAll("button").Select(b => b.TextContent.Trim()));
        Assert.Contains("Za godzinę, 11:00", provider.FindAll("button").Select(b => b.TextContent.Trim()));
    }
}
