using System.Text.RegularExpressions;
using Majster.Tests.Integration.Security;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// <c>/calendar</c> as its first response holds it: the person's days (Monday first, whole weeks), each a
/// <c>data-date</c> cell linking to the grid of that day, with the day's counts by status.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class CalendarPageTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Month_DrawsWholeWeeks_WithEachDaysCountsAndALinkToItsGrid()
    {
        var staff = await app.CreateUserAsync();
        // 23:30 UTC on 24 October is 01:30 on the 25th in Warsaw.
        await app.CreateSendAsync(staff, new { scheduledFor = "2026-10-24T23:30:00Z" });
        await app.CreateSendAsync(staff, new { scheduledFor = "2026-10-25T12:00:00Z" });
        using var browser = await TestCookies.SessionAsync(app.Factory, staff.Id);

        var html = await browser.GetStringAsync("/calendar?month=2026-10", Ct);

        var dates = DateCell().Matches(html).Select(m => m.Groups["date"].Value).ToList();
        Assert.Equal("2026-09-28", dates[0]);
        Assert.Equal("2026-11-01", dates[^1]);
        Assert.Equal(35, dates.Count);
        var day = Cell(html, "2026-10-25");
        Assert.Contains("href=\"/offer-sends?from=2026-10-25&amp;to=2026-10-25&amp;sort=scheduledFor\"", day, StringComparison.Ordinal);
        Assert.Contains("data-status=\"scheduled\" title=\"2 Scheduled\">2<", day, StringComparison.Ordinal);
        Assert.DoesNotContain("data-status", Cell(html, "2026-10-24"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Week_DrawsItsSevenDays()
    {
        var staff = await app.CreateUserAsync();
        using var browser = await TestCookies.SessionAsync(app.Factory, staff.Id);

        var html = await browser.GetStringAsync("/calendar?week=2026-W50", Ct);

        var dates = DateCell().Matches(html).Select(m => m.Groups["date"].Value).ToList();
        Assert.Equal(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"], dates);
    }

    private static string Cell(string html, string date)
    {
        var start = html.IndexOf($"data-date=\"{date}\"", StringComparison.Ordinal);
        var tagStart = html.LastIndexOf("<a", start, StringComparison.Ordinal);
        return html[tagStart..(html.IndexOf("</a>", start, StringComparison.Ordinal) + 4)];
    }

    [GeneratedRegex("data-date=\"(?<date>\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex DateCell();
}
