using System.Globalization;
using Majster.Core.Offers;
using Majster.Core.Time;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// Reporting as staff use it in Chromium: the grid's filter lives in its address (back restores the one before), a
/// calendar day's link opens the grid of that day, the export button downloads what the API gives for the filter on
/// screen; and the pictures of the calendar and the filtered grid, in English and Polish, on a desktop and a phone.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReportingBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeZoneInfo Warsaw = LocalTimes.Zone("Europe/Warsaw");

    [Fact]
    public async Task Back_RestoresThePreviousFilter_AndACalendarDaysLinkOpensTheGridOfThatDay()
    {
        var (page, _) = await StaffWithSendsAsync(("Dach", OfferSendStatus.Scheduled), ("Odrzucona", OfferSendStatus.Failed));
        var grid = new OfferSendsPage(page);
        await page.GotoAsync("/offer-sends?status=failed");
        await grid.WaitForLoadedAsync(1);
        await Assertions.Expect(grid.Row("Dach")).ToHaveCountAsync(0);

        await grid.StatusChip("Scheduled").ClickAsync();
        await ExpectAddressAsync(page, "status=scheduled,failed");
        await grid.WaitForLoadedAsync(2);

        // Back as the browser's button does it: a step in the page's own history, no new document.
        await page.EvaluateAsync("history.back()");
        await ExpectAddressAsync(page, "/offer-sends?status=failed", whole: true);
        await grid.WaitForLoadedAsync(1);
        await Assertions.Expect(grid.Row("Dach")).ToHaveCountAsync(0);
        await Assertions.Expect(grid.StatusChip("Scheduled")).Not.ToHaveAttributeAsync("aria-pressed", "true");

        // The scheduled send goes out tomorrow, in the person's zone.
        var tomorrow = DateOnly.FromDateTime(LocalTimes.InZone(TimeProvider.System.GetUtcNow().AddDays(1), Warsaw).DateTime);
        var calendar = new CalendarPage(page);
        await calendar.GotoAsync($"month={tomorrow:yyyy-MM}");
        await Assertions.Expect(calendar.Day(tomorrow).Locator("[data-status=scheduled]")).ToHaveTextAsync("1 Scheduled");
        await calendar.Day(tomorrow).ClickAsync();

        var day = tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await ExpectAddressAsync(page, $"from={day}&to={day}");
        await grid.WaitForLoadedAsync(1);
        await Assertions.Expect(grid.Row("Dach")).ToHaveCountAsync(1);
        await Assertions.Expect(grid.Row("Odrzucona")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ASecondPagesAddress_ShowsTheSecondPage_WhenOpened_ReloadedAndReachedByNextPage()
    {
        var (page, _) = await StaffWithSendsAsync([.. Enumerable.Range(1, 25).Select(i => ($"Strona {i:00}", OfferSendStatus.Scheduled))]);
        await page.GotoAsync("/offer-sends?sort=subject&page=2");
        await ExpectSecondPageAsync(page);

        await page.ReloadAsync();
        await ExpectSecondPageAsync(page);

        await page.GotoAsync("/offer-sends?sort=subject");
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^1[-–]20 of 25$"))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await ExpectAddressAsync(page, "page=2");
        await ExpectSecondPageAsync(page);
    }

    /// <summary>
    /// Polls the page's address: the grid's steps are same-document navigations (pushState, popstate), which a wait for a
    /// navigation event can miss when the step lands before the wait begins.
    /// </summary>
    private static Task ExpectAddressAsync(IPage page, string part, bool whole = false) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(
            System.Text.RegularExpressions.Regex.Escape(part) + (whole ? "$" : "")));

    private static async Task ExpectSecondPageAsync(IPage page)
    {
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("^21[-–]25 of 25$"))).ToBeVisibleAsync();
        var grid = new OfferSendsPage(page);
        await Assertions.Expect(grid.Row("Strona 21")).ToHaveCountAsync(1);
        await Assertions.Expect(grid.Row("Strona 01")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ExportButton_DownloadsTheFileTheApiGives_ForTheFilterOnScreen()
    {
        var (page, _) = await StaffWithSendsAsync(("Łazienka, \"premium\"", OfferSendStatus.Scheduled), ("=SUM(A1)", OfferSendStatus.Failed), ("Okna", OfferSendStatus.Sent));
        var grid = new OfferSendsPage(page);
        await page.GotoAsync("/offer-sends?status=scheduled,failed&sort=subject");
        await grid.WaitForLoadedAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var path = await download.PathAsync();
        var downloaded = await File.ReadAllBytesAsync(path, Ct);
        var api = await page.Context.APIRequest.GetAsync("/api/offer-sends/export?status=scheduled,failed&sort=subject");

        Assert.Equal("offer-sends.csv", download.SuggestedFilename);
        Assert.Equal(await api.BodyAsync(), downloaded);
        var rows = Integration.Api.OfferSendExportTests.Read(downloaded);
        Assert.Equal(["'=SUM(A1)", "Łazienka, \"premium\""], rows.Select(r => r["subject"]));
    }

    [Fact]
    public async Task NewSend_OfAnOfferSentToTheSameAddressDaysAgo_AsksFirst_WithALinkToIt()
    {
        var (page, userId) = await StaffWithSendsAsync(("Wysłana", OfferSendStatus.Sent));
        var offers = new OffersPage(page);
        await offers.GotoAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Remont łazienki" }).GetByRole(AriaRole.Button, new() { Name = "New send" }).ClickAsync();
        await dialog.GetByLabel("Client e-mail").FillAsync("client@example.com");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        var today = DateOnly.FromDateTime(LocalTimes.InZone(TimeProvider.System.GetUtcNow().AddHours(-2), Warsaw).DateTime);
        var warning = dialog.GetByTestId("duplicate-warning");
        await Assertions.Expect(warning).ToContainTextAsync($"Already sent on {today.ToString("d MMMM", CultureInfo.GetCultureInfo("en"))} — send again?");
        await using var db = Database.CreateContext(app.ConnectionString);
        var existing = await db.OfferSends.SingleAsync(s => s.UserId == userId, Ct);
        await Assertions.Expect(warning.GetByRole(AriaRole.Link, new() { Name = "Open it" })).ToHaveAttributeAsync("href", $"/offer-sends/{existing.Id}");
        Assert.Equal(1, await db.OfferSends.CountAsync(s => s.UserId == userId, Ct));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(2, await db.OfferSends.CountAsync(s => s.UserId == userId, Ct));
    }

    [Fact]
    public async Task CalendarAndGrid_Pictures_InEnglishAndPolish_OnADesktopAndAPhone()
    {
        var (page, _) = await StaffWithSendsAsync(
            ("Dach", OfferSendStatus.Scheduled), ("Kuchnia", OfferSendStatus.Scheduled), ("Odrzucona", OfferSendStatus.Failed), ("Okna", OfferSendStatus.Sent));
        var month = DateOnly.FromDateTime(LocalTimes.InZone(TimeProvider.System.GetUtcNow(), Warsaw).DateTime).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        foreach (var language in new[] { "en", "pl" })
        {
            if (language == "pl")
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" }).ClickAsync();
                await page.Locator("html[lang=pl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            }

            foreach (var (width, height, device) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
            {
                await page.SetViewportSizeAsync(width, height);
                await ShootAsync(page, $"/calendar?month={month}", $"calendar-{language}-{device}");
                await ShootAsync(page, "/offer-sends?status=scheduled,failed&sort=scheduledFor", $"offer-sends-filtered-{language}-{device}");
            }
        }
    }

    private static async Task ShootAsync(IPage page, string path, string name)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        if (path.StartsWith("/offer-sends", StringComparison.Ordinal))
        {
            await Assertions.Expect(new OfferSendsPage(page).Subjects.First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>A new staff member (Europe/Warsaw) with one send per row, signed in.</summary>
    private async Task<(IPage Page, Guid UserId)> StaffWithSendsAsync(params (string Subject, OfferSendStatus Status)[] sends)
    {
        var email = await app.CreateStaffAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        user.TimeZoneId = "Europe/Warsaw";
        await db.SaveChangesAsync(Ct);
        await Seed.SendsToAsync(app.ConnectionString, user.Id, TimeProvider.System.GetUtcNow(), Ct, [.. sends.Select(s => (s.Subject, s.Status, "Anna Nowak"))]);
        return (await app.SignedInAsync(email, BrowserFixture.StaffPassword), user.Id);
    }
}
