using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Majster.Admin.Components.Pages.Dashboard;
using Majster.Core.Offers;
using Majster.Tests.Support;

namespace Majster.Tests.Components;

public sealed class DashboardCardsTests : MudTestContext
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void MetricCard_ShowsTheValue_InTheWarningColourOnlyWhenAskedTo(bool warn, bool expectWarning)
    {
        var cut = Render<MetricCard>(p => p.Add(x => x.Title, "Overdue").Add(x => x.Value, "7").Add(x => x.Warn, warn));

        Assert.Equal("7", cut.Find("[data-testid=metric-value]").TextContent.Trim());
        Assert.Equal(expectWarning, cut.Find(".metric-card").ClassList.Contains("mud-theme-warning"));
    }

    [Fact]
    public void SchedulerHealthCard_ShowsTicksFailing_WithTheCountSinceWhenAndTheError_OnlyWhileTheyFail()
    {
        var status = new Majster.Core.Scheduling.SchedulerStatus();
        Services.AddSingleton(status);
        var since = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        status.RecordFailure(since, new TimeoutException("The database did not answer."));
        status.RecordFailure(since.AddSeconds(20), new TimeoutException("The database did not answer."));

        var failing = Render<SchedulerHealthCard>(p => p.Add(x => x.Zone, TimeZoneInfo.Utc));
        var row = failing.Find("[data-testid=ticks-failing]").TextContent;
        status.Record(new Majster.Core.Scheduling.TickResult(since.AddSeconds(40), 0, 0, 0, 0, 0, TimeSpan.Zero));
        var healthy = Render<SchedulerHealthCard>(p => p.Add(x => x.Zone, TimeZoneInfo.Utc));

        Assert.Contains("2 failed in a row, since", row, StringComparison.Ordinal);
        Assert.Contains("TimeoutException: The database did not answer.", row, StringComparison.Ordinal);
        Assert.Empty(healthy.FindAll("[data-testid=ticks-failing]"));
    }

    [Fact]
    public void MetricCard_OpensItsFilteredList_WhenClicked()
    {
        var clicked = false;
        var cut = Render<MetricCard>(p => p.Add(x => x.Title, "Failed").Add(x => x.Value, "2").Add(x => x.OnClick, () => clicked = true));

        cut.Find(".metric-card").Click();

        Assert.True(clicked);
    }

    [Fact]
    public void TopErrors_ListsEachMessageWithItsCount()
    {
        var cut = Render<TopErrorsCard>(p => p.Add(x => x.Errors, [new ErrorCount("SMTP 451: busy", 12), new ErrorCount("timeout", 3)]));

        var rows = cut.FindAll("tr").Select(r => r.TextContent.Trim()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("SMTP 451: busy", rows[0], StringComparison.Ordinal);
        Assert.Contains("12", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void HourlyChart_DrawsOneColumnAnHour_ScaledToTheBusiestHour()
    {
        var start = Clock.GetUtcNow();
        var hours = Enumerable.Range(0, 24).Select(i => new HourlyOutcomes(start.AddHours(i), Sent: i == 5 ? 10 : 1, Retried: 0, Failed: i == 5 ? 10 : 0)).ToList();

        var cut = Render<HourlyOutcomesChart>(p => p.Add(x => x.Hours, hours).Add(x => x.Zone, Warsaw));

        var bars = cut.FindAll(".bar");
        Assert.Equal(24, bars.Count);
        Assert.Contains("height: 80px", bars[5].InnerHtml, StringComparison.Ordinal);
        Assert.Contains("height: 8px", bars[0].InnerHtml, StringComparison.Ordinal);
    }
}
