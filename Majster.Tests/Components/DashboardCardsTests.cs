using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Majster.Admin.Components.Pages.Dashboard;
using Majster.Core.Offers;
using Majster.Tests.Support;
using MudBlazor;

namespace Majster.Tests.Components;

[Trait("Category", "Unit")]
public sealed class DashboardCardsTests : MudTestContext
{
    [Theory]
    [InlineData(Color.Warning, "mud-theme-warning")]
    [InlineData(Color.Error, "mud-theme-error")]
    [InlineData(Color.Default, null)]
    public void MetricCard_ShowsTheValue_InTheColourOfItsMeaningOnlyWhenAskedTo(Color alert, string? expectedClass)
    {
        var cut = Render<MetricCard>(p => p.Add(x => x.Title, "Overdue").Add(x => x.Value, "7").Add(x => x.Alert, alert));

        Assert.Equal("7", cut.Find("[data-testid=metric-value]").TextContent.Trim());
        Assert.Equal(expectedClass, cut.Find(".metric-card").ClassList.SingleOrDefault(c => c.StartsWith("mud-theme-", StringComparison.Ordinal)));
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
    public void TopErrors_ListsEachKindAsAShortReasonWithItsCount_WithoutTheRawText()
    {
        FailureCount[] errors = [new(new FailureReason(FailureKind.OutboxNotWritable), 1200), new(new FailureReason(FailureKind.SmtpRejected, 550), 3)];

        var cut = Render<TopErrorsCard>(p => p.Add(x => x.Errors, errors));

        var rows = cut.FindAll("tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([["Outbox folder cannot be written", "1,200"], ["Mail server rejected the message (SMTP 550)", "3"]], rows);
    }

    [Fact]
    public void HourlyChart_IsAStackedBarChart_WithTheHoursOnThePersonsClock_AndOneSeriesAnOutcome()
    {
        var start = new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);
        var hours = Enumerable.Range(0, 24).Select(i => new HourlyOutcomes(start.AddHours(i), Sent: i == 5 ? 10 : 1, Retried: 0, Failed: i == 5 ? 4 : 0)).ToList();

        var cut = Render<HourlyOutcomesChart>(p => p.Add(x => x.Hours, hours).Add(x => x.Zone, Warsaw));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(ChartType.StackedBar, chart.ChartType);
        Assert.Equal(24, chart.ChartLabels.Length);
        Assert.Equal(["", "", "12", "", "", "15"], chart.ChartLabels[..6]);
        Assert.Equal(["Sent", "Retried", "Failed"], chart.ChartSeries.Select(s => s.Name));
        Assert.Equal(4, chart.ChartSeries[2].Data.Values[5]);
        var options = Assert.IsType<StackedBarChartOptions>(chart.ChartOptions);
        Assert.Equal("Hour (Warsaw)", options.XAxisTitle);
        Assert.Equal("Attempts", options.YAxisTitle);
        Assert.Equal(3, options.YAxisTicks);
        Assert.Contains("Hour (Warsaw)", cut.Find("svg").TextContent, StringComparison.Ordinal);
        Assert.Equal("Last 24 hours: 33 sent, 0 retried, 4 failed", cut.Find("[role=img]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task HourlyChart_NamesItsAxesAndSeriesInPolish()
    {
        await using var context = new MudTestContext("pl");
        var hours = Enumerable.Range(0, 24).Select(i => new HourlyOutcomes(context.Clock.GetUtcNow().AddHours(i), 1, 1, 1)).ToList();

        var cut = context.Render<HourlyOutcomesChart>(p => p.Add(x => x.Hours, hours).Add(x => x.Zone, Warsaw));

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(["Wysłane", "Ponowione", "Nieudane"], chart.ChartSeries.Select(s => s.Name));
        Assert.Equal("Godzina (Warszawa)", Assert.IsType<StackedBarChartOptions>(chart.ChartOptions).XAxisTitle);
    }
}
