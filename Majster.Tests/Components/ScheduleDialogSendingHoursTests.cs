using Bunit;
using Majster.Admin.Components.Dialogs;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Majster.Tests.Components;

/// <summary>The schedule dialog with sending hours Mon–Fri 08:00–17:00 in Warsaw and Poland's holidays.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleDialogSendingHoursTests : MudTestContext
{
    public ScheduleDialogSendingHoursTests() =>
        Services.AddSingleton(new SendingHours(new SendingWindowOptions { Days = "Mon,Tue,Wed,Thu,Fri", From = new TimeOnly(8, 0), To = new TimeOnly(17, 0), Holidays = "PL" }));

    [Theory]
    // Saturday 17 January 2026, 10:00 in Warsaw.
    [InlineData("2026-01-17T09:00:00Z", "Outside sending hours — it goes out on Monday 19 January 2026 at 08:00")]
    // Easter Monday, 6 April 2026, 11:00 in Warsaw.
    [InlineData("2026-04-06T09:00:00Z", "Outside sending hours — it goes out on Tuesday 7 April 2026 at 08:00")]
    public async Task Dialog_WarnsWhenTheTimeIsOutsideSendingHours(string chosen, string warning)
    {
        var provider = await ShowAsync(DateTimeOffset.Parse(chosen, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(warning, provider.Find("[data-testid=outside-sending-hours]").TextContent.Trim());
    }

    [Fact]
    public async Task Dialog_SaysNothingMore_InsideSendingHours()
    {
        var provider = await ShowAsync(new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero));

        Assert.Empty(provider.FindAll("[data-testid=outside-sending-hours]"));
        Assert.NotEmpty(provider.FindAll("[data-testid=utc-preview]"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(DateTimeOffset initial)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ScheduleDialog>("Schedule", new DialogParameters<ScheduleDialog>
        {
            { d => d.Zone, Warsaw },
            { d => d.Initial, initial },
            { d => d.Title, "Schedule" },
        }));
        return provider;
    }
}
