using System.Globalization;
using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;

namespace Majster.Tests.Browser;

/// <summary>
/// The offer-send grid's own controls in Chromium: the date range in the person's zone, header sorting with its arrows,
/// the status chips, the row checkboxes and bulk actions. Each test signs in as a new staff member who sees only the sends the test seeds.
/// </summary>
[Trait("Category", "Browser")]
public sealed class GridControlsBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DateRange_KeepsTheSendsOfThosePersonsDays_InTheirZone()
    {
        // Tokyo is UTC+9 all year: 00:30 there is 15:30 UTC the day before, so a range read as UTC days would differ.
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var (email, userId) = await StaffAsync("Asia/Tokyo");
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();

        await grid.DateRange.ClickAsync();
        var month = await ShownMonthAsync(page);
        DateTimeOffset At(int day, int hour, int minute) =>
            new DateTimeOffset(month.Year, month.Month, day, hour, minute, 0, tokyo.BaseUtcOffset).ToUniversalTime();
        await SeedAsync(userId,
            ("Before, 10th 23:30", OfferSendStatus.Sent, At(10, 23, 30)),
            ("First day, 11th 00:30", OfferSendStatus.Sent, At(11, 0, 30)),
            ("Last day, 12th 23:30", OfferSendStatus.Failed, At(12, 23, 30)),
            ("After, 13th 00:30", OfferSendStatus.Sent, At(13, 0, 30)),
            ("Later, 20th 12:00", OfferSendStatus.Sent, At(20, 12, 0)));
        await grid.WaitForLoadedAsync(5);

        await CalendarDay(page, 11).ClickAsync();
        await CalendarDay(page, 12).ClickAsync();
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Last day, 12th 23:30", "First day, 11th 00:30"]);
        await Assertions.Expect(page.GetByText("1-2 of 2")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task HeaderClicks_SortEverySortableColumn_BothWays_WithTheArrowShowingWhich()
    {
        var (email, userId) = await StaffAsync("Europe/Warsaw");
        var now = TimeProvider.System.GetUtcNow();
        // Each column orders the three rows differently, so a column that did not sort would show the wrong order.
        await SeedAsync(userId,
            ("Bravo", OfferSendStatus.Sent, now.AddDays(-3), "c@example.com"),
            ("Charlie", OfferSendStatus.Failed, now.AddDays(-1), "a@example.com"),
            ("Alfa", OfferSendStatus.Pending, now.AddDays(-2), "b@example.com"));
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(3);

        foreach (var (column, ascending) in new (string, string[])[]
        {
            ("Recipient", ["Charlie", "Alfa", "Bravo"]),
            ("Subject", ["Alfa", "Bravo", "Charlie"]),
            ("Status", ["Charlie", "Alfa", "Bravo"]),
            ("Scheduled for", ["Bravo", "Alfa", "Charlie"]),
        })
        {
            var header = grid.ColumnHeader(column);
            await header.GetByText(column, new() { Exact = true }).ClickAsync();
            await Assertions.Expect(grid.Subjects).ToHaveTextAsync(ascending);
            await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");

            await header.GetByText(column, new() { Exact = true }).ClickAsync();
            await Assertions.Expect(grid.Subjects).ToHaveTextAsync([.. ascending.Reverse()]);
            await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        }
    }

    [Fact]
    public async Task StatusChip_ShowsOnlyThatStatusesRows_AsSoonAsItIsSelected()
    {
        var (email, userId) = await StaffAsync("Europe/Warsaw");
        var now = TimeProvider.System.GetUtcNow();
        await SeedAsync(userId,
            ("Sent one", OfferSendStatus.Sent, now.AddHours(-3)),
            ("Failed one", OfferSendStatus.Failed, now.AddHours(-2)),
            ("Sent two", OfferSendStatus.Sent, now.AddHours(-1)),
            ("Pending one", OfferSendStatus.Pending, now));
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(4);

        await grid.StatusChip("Sent").ClickAsync();
        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Sent two", "Sent one"]);

        await grid.StatusChip("Failed").ClickAsync();
        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Sent two", "Failed one", "Sent one"]);

        await grid.StatusChip("Sent").ClickAsync();
        await grid.StatusChip("Failed").ClickAsync();
        await Assertions.Expect(grid.Subjects).ToHaveCountAsync(4);
    }

    [Fact]
    public async Task StatusChips_ClickedWhileTheRowsAreStillLoading_ShowTheLastClicksRows()
    {
        var (page, grid) = await TwoSentAndOneFailedAsync();
        var sent = grid.StatusChip("Sent");

        // While the table is locked, each click's rows wait to be read: the first click's read ends after the second
        // click has made a new grid, as it does on a busy server.
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await using (var command = new NpgsqlCommand("LOCK TABLE offer_sends IN ACCESS EXCLUSIVE MODE", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(Ct);
            }

            await sent.ClickAsync();
            await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "true");
            await sent.ClickAsync();
            await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "false");
            await transaction.CommitAsync(Ct);
        }

        await grid.WaitForLoadedAsync(3);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/offer-sends$"));
        await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [Fact]
    public async Task QuickClicks_ReportedLateByTheBrowser_NeverStepTheListBack()
    {
        var link = new SlowAddressReports();
        var (page, grid) = await TwoSentAndOneFailedAsync(page => page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), link.Connect));
        var (sent, failed) = (grid.StatusChip("Sent"), grid.StatusChip("Failed"));

        // Two clicks before the browser's report of the first step reaches the server, as over a slow connection.
        link.Holding = true;
        await sent.ClickAsync();
        await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "true");
        await failed.ClickAsync();
        await Assertions.Expect(failed).ToHaveAttributeAsync("aria-pressed", "true");
        await Poll.UntilAsync(() => Task.FromResult(link.HeldCount), count => count == 2, TimeSpan.FromSeconds(10), "both steps' reports to be held");
        await failed.EvaluateAsync("""
            chip => {
                window.failedPressed = [];
                new MutationObserver(() => window.failedPressed.push(chip.getAttribute('aria-pressed')))
                    .observe(chip, { attributes: true, attributeFilter: ['aria-pressed'] });
            }
            """);

        link.Release();
        await sent.ClickAsync();

        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Failed one"]);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/offer-sends\\?status=failed$"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.failedPressed"));
    }

    [Fact]
    public async Task RowCheckboxes_EnableABulkActionForTheSelectedRowsThatAllowIt_AndItActsOnThoseRows()
    {
        var (email, userId) = await StaffAsync("Europe/Warsaw");
        var now = TimeProvider.System.GetUtcNow();
        await SeedAsync(userId,
            ("Quote for Nowak", OfferSendStatus.Failed, now.AddDays(-2)),
            ("Quote for Kowal", OfferSendStatus.Failed, now.AddDays(-1)),
            ("Already sent", OfferSendStatus.Sent, now.AddDays(-3)));
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(3);
        var retry = page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true });

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select every row on this page" }).CheckAsync();
        await Assertions.Expect(page.GetByText("3 selected")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = "Retry (2 of 3)" })).ToBeEnabledAsync();

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Already sent" }).UncheckAsync();
        await Assertions.Expect(page.GetByText("2 selected")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Select every row on this page" })).Not.ToBeCheckedAsync();
        await Assertions.Expect(retry).ToBeEnabledAsync();
        await retry.ClickAsync();

        // Retried, they are scheduled for now, and this app's scheduler may already have sent them.
        await Assertions.Expect(grid.Row("Quote for Nowak")).Not.ToContainTextAsync("Failed");
        await Assertions.Expect(grid.Row("Quote for Kowal")).Not.ToContainTextAsync("Failed");
        await using var db = Database.CreateContext(app.ConnectionString);
        var retried = await db.OfferSends.Where(s => s.UserId == userId && s.Subject != "Already sent").Select(s => s.Status).ToListAsync(Ct);
        Assert.Equal(2, retried.Count);
        Assert.All(retried, status => Assert.NotEqual(OfferSendStatus.Failed, status));
        await Assertions.Expect(grid.Row("Already sent")).ToContainTextAsync("Sent");
    }

    /// <summary>A new staff member's grid of two sent sends and a failed one, loaded; <paramref name="beforeOpening"/> runs on the signed-in page first.</summary>
    private async Task<(IPage Page, OfferSendsPage Grid)> TwoSentAndOneFailedAsync(Func<IPage, Task>? beforeOpening = null)
    {
        var (email, userId) = await StaffAsync("Europe/Warsaw");
        var now = TimeProvider.System.GetUtcNow();
        await SeedAsync(userId,
            ("Sent one", OfferSendStatus.Sent, now.AddHours(-3)),
            ("Failed one", OfferSendStatus.Failed, now.AddHours(-2)),
            ("Sent two", OfferSendStatus.Sent, now.AddHours(-1)));
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        if (beforeOpening is not null)
        {
            await beforeOpening(page);
        }

        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(3);
        return (page, grid);
    }

    /// <summary>A new staff member living in <paramref name="zone"/>.</summary>
    private async Task<(string Email, Guid UserId)> StaffAsync(string zone)
    {
        var email = await app.CreateStaffAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        user.TimeZoneId = zone;
        await db.SaveChangesAsync(Ct);
        return (email, user.Id);
    }

    private Task SeedAsync(Guid userId, params (string Subject, OfferSendStatus Status, DateTimeOffset ScheduledFor)[] sends) =>
        SeedAsync(userId, [.. sends.Select(s => (s.Subject, s.Status, s.ScheduledFor, "client@example.com"))]);

    /// <summary>One offer of the user's and a send of it per row, created in the order given (the grid's default is newest first).</summary>
    private async Task SeedAsync(Guid userId, params (string Subject, OfferSendStatus Status, DateTimeOffset ScheduledFor, string ClientEmail)[] sends)
    {
        var offer = await Seed.OfferAsync(app.ConnectionString, userId, TimeProvider.System.GetUtcNow(), Ct);
        await using var db = Database.CreateContext(app.ConnectionString);
        var created = TimeProvider.System.GetUtcNow().AddHours(-1);
        foreach (var (subject, status, scheduledFor, clientEmail) in sends)
        {
            created = created.AddSeconds(1);
            db.OfferSends.Add(new OfferSend
            {
                OfferId = offer.Id, UserId = userId, ClientEmail = clientEmail, Subject = subject, Message = "Dzień dobry",
                Status = status, ScheduledFor = scheduledFor, CreatedAt = created, UpdatedAt = created,
                ProcessedAt = status == OfferSendStatus.Sent ? scheduledFor : null,
            });
        }

        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The month the open date picker shows, from its header ("December 2026").</summary>
    private static async Task<DateTime> ShownMonthAsync(IPage page)
    {
        var header = await page.Locator(".mud-picker-calendar-header-transition").First.InnerTextAsync();
        return DateTime.ParseExact(header.Trim(), "MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>A day of the shown month in the open picker (days of the months around it are hidden).</summary>
    private static ILocator CalendarDay(IPage page, int day) =>
        page.Locator(".mud-picker-calendar-day:not(.mud-hidden)").GetByText(day.ToString(CultureInfo.InvariantCulture), new() { Exact = true }).First;
}
