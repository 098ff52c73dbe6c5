using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// The grid as staff trust it, in Chromium: it asks before sending or cancelling several, a bulk action says which of
/// the selected rows it is for and clears the selection, a filter that is on looks on and says so, an empty list says
/// why with a way out, rows name the client, and a long subject does not push the columns out of view. Each test signs in
/// as a new staff member who sees only the sends it seeds.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OfferSendsGridBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BulkSendNow_SaysHowManyOfTheSelection_AsksNamingTheClients_AndClearsTheSelectionOnceDone()
    {
        var (page, userId) = await StaffWithSendsAsync(
            ("Already sent", OfferSendStatus.Sent, "Jan Kowalski"),
            ("For Anna", OfferSendStatus.Pending, "Anna Nowak"),
            ("For Piotr", OfferSendStatus.Scheduled, "Piotr Wiśniewski"));
        var bar = page.Locator(".mud-table-toolbar");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select every row on this page" }).CheckAsync();
        await Assertions.Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Cancel (1 of 3)" })).ToBeEnabledAsync();
        await Assertions.Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(bar.GetByTitle("For sends that are: Failed")).ToHaveCountAsync(1);

        var confirm = new ConfirmDialogPage(page);
        await bar.GetByRole(AriaRole.Button, new() { Name = "Send now (2 of 3)" }).ClickAsync();
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync("Send 2 offers now to Piotr Wiśniewski, Anna Nowak?");
        await confirm.BackAsync();
        Assert.DoesNotContain(app.Smtp.Accepted, m => m.Subject is "For Anna" or "For Piotr");
        await Assertions.Expect(page.GetByText("3 selected")).ToBeVisibleAsync();

        await bar.GetByRole(AriaRole.Button, new() { Name = "Send now (2 of 3)" }).ClickAsync();
        await confirm.ConfirmAsync("Send now");

        await Assertions.Expect(page.GetByText("0 selected")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tbody .row-select:checked")).ToHaveCountAsync(0);
        await Poll.UntilAsync(() => StatusesAsync(userId), s => s.Values.All(v => v == OfferSendStatus.Sent), TimeSpan.FromSeconds(30), "both sends to be sent");
    }

    [Fact]
    public async Task BulkCancel_Asks_AndChangesNothingWhenThePersonGoesBack()
    {
        var (page, userId) = await StaffWithSendsAsync(
            ("Dach", OfferSendStatus.Scheduled, "Anna Nowak"),
            ("Okna", OfferSendStatus.Scheduled, "Jan Kowalski"));
        var cancel = page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });
        var confirm = new ConfirmDialogPage(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select every row on this page" }).CheckAsync();

        await cancel.ClickAsync();
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync("Cancel 2 scheduled sends to Jan Kowalski, Anna Nowak?");
        await confirm.BackAsync();
        Assert.All((await StatusesAsync(userId)).Values, s => Assert.Equal(OfferSendStatus.Scheduled, s));

        await cancel.ClickAsync();
        await confirm.ConfirmAsync("Cancel the sends");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Cancelled" })).ToHaveCountAsync(2);
        Assert.All((await StatusesAsync(userId)).Values, s => Assert.Equal(OfferSendStatus.Pending, s));
        await Assertions.Expect(page.GetByText("0 selected")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheDashboardsFailedCard_OpensAListThatSaysSo_WithTheChipFilled_AndAWayToClearIt()
    {
        var (page, _) = await StaffWithSendsAsync(("Odrzucona", OfferSendStatus.Failed, "Anna Nowak"), ("Wysłana", OfferSendStatus.Sent, "Jan Kowalski"));
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Failed ") }).ClickAsync();

        var grid = new OfferSendsPage(page);
        await Assertions.Expect(page.GetByTestId("filter-summary")).ToHaveTextAsync("Showing: Failed");
        var chip = page.GetByRole(AriaRole.Group, new() { Name = "Status" }).GetByRole(AriaRole.Button, new() { Name = "Failed" });
        await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(chip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-filled"));
        var sent = page.GetByRole(AriaRole.Group, new() { Name = "Status" }).GetByRole(AriaRole.Button, new() { Name = "Sent" });
        await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Odrzucona"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();

        await Assertions.Expect(grid.Subjects).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("filter-summary")).ToHaveCountAsync(0);
        await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.EndsWith("/offer-sends", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyList_SaysWhy_AndClearFiltersLeadsBack()
    {
        var (page, _) = await StaffWithSendsAsync(("Elewacja", OfferSendStatus.Scheduled, "Anna Nowak"));
        var grid = new OfferSendsPage(page);

        await page.GetByLabel("Search recipient, subject, offer").FillAsync("nic-takiego");
        await Assertions.Expect(page.GetByText("No sends match these filters.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Elewacja"]);
        await Assertions.Expect(page.GetByLabel("Search recipient, subject, offer")).ToHaveValueAsync("");

        await page.GetByRole(AriaRole.Switch, new() { Name = "Overdue only" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Nothing is overdue.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Button, new() { Name = "Clear filters" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ASearchBySurname_FindsARowThatShowsTheName()
    {
        var (page, _) = await StaffWithSendsAsync(("Taras", OfferSendStatus.Pending, "Katarzyna Wójcik"), ("Podłogi", OfferSendStatus.Pending, "Jan Kowalski"));
        var grid = new OfferSendsPage(page);

        await page.GetByLabel("Search recipient, subject, offer").FillAsync("Wójcik");

        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Taras"]);
        await Assertions.Expect(grid.Row("Taras").GetByText("Katarzyna Wójcik")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ALongUnbrokenSubject_Wraps_AndTheRowsActionsStayInSight()
    {
        var subject = "Oferta_" + new string('x', 150);
        var (page, _) = await StaffWithSendsAsync((subject, OfferSendStatus.Pending, "Anna Nowak"));
        var grid = new OfferSendsPage(page);

        var table = page.Locator(".mud-table-container");
        var widths = await table.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= clientWidth, $"the grid is {scrollWidth} px wide in a container of {clientWidth} px");
        await Assertions.Expect(grid.RowButton(subject, "Send now")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task OnAPhone_RowActionsSayWhatTheyDo_AndAreLargeEnoughToTouch()
    {
        var (page, _) = await StaffWithSendsAsync(("Kuchnia", OfferSendStatus.Scheduled, "Anna Nowak"));
        await page.SetViewportSizeAsync(390, 844);
        var grid = new OfferSendsPage(page);

        foreach (var action in new[] { "Reschedule", "Cancel", "Send now" })
        {
            var button = grid.RowButton("Kuchnia", action);
            await Assertions.Expect(button).ToHaveTextAsync(action);
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box.Width >= 44 && box.Height >= 44, $"{action}: {box.Width}×{box.Height} px");
        }
    }

    /// <summary>A new staff member (Europe/Warsaw) with one send per row to the named client, signed in on the loaded grid.</summary>
    private async Task<(IPage Page, Guid UserId)> StaffWithSendsAsync(params (string Subject, OfferSendStatus Status, string Client)[] sends)
    {
        var email = await app.CreateStaffAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        user.TimeZoneId = "Europe/Warsaw";
        await db.SaveChangesAsync(Ct);
        await Seed.SendsToAsync(app.ConnectionString, user.Id, TimeProvider.System.GetUtcNow(), Ct, sends);
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(sends.Length);
        return (page, user.Id);
    }

    private async Task<Dictionary<string, OfferSendStatus>> StatusesAsync(Guid userId)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.OfferSends.Where(s => s.UserId == userId && s.Subject != "Already sent")
            .ToDictionaryAsync(s => s.Subject, s => s.Status, Ct);
    }
}
