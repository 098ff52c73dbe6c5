using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// The grid as staff trust it, in Chromium (its bulk actions and filters in English and Polish): it asks before sending
/// or cancelling, a bulk action says which of the selected rows it is for and clears the selection, a filter that is on
/// looks on and says so, an empty list says why with a way out, rows name the client, and a long subject does not push
/// the columns out of view. Each test signs in as a new staff member who sees only the sends it seeds.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OfferSendsGridBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What the grid says in one language: its bulk bar, its questions, its filters.</summary>
    private sealed record GridWords(
        string SelectPage, string Selected3, string Selected0, string CancelOneOfThree, string SendNowTwoOfThree, string Retry,
        string RetryOnlyFor, string ConfirmCancelOne, string ConfirmSendTwo, string SendNow, string Back, string Cancel,
        string ConfirmCancelTwo, string CancelTheSends, string Cancelled, string FailedCard, string Status, string Failed, string Sent,
        string ShowingFailed, string ClearFilters);

    private static readonly Dictionary<string, GridWords> Languages = new()
    {
        ["en-GB"] = new(
            "Select every row on this page", "3 selected", "0 selected", "Cancel (1 of 3)", "Send now (2 of 3)", "Retry",
            "For sends that are: Failed", "Cancel the scheduled send to Piotr Wiśniewski? Its time is dropped.",
            "Send 2 offers now to Piotr Wiśniewski, Anna Nowak?", "Send now", "Back", "Cancel",
            "Cancel 2 scheduled sends to Jan Kowalski, Anna Nowak?", "Cancel the sends", "Cancelled", "^Failed ", "Status", "Failed", "Sent",
            "Showing: Failed", "Clear filters"),
        ["pl-PL"] = new(
            "Zaznacz wszystkie wiersze na tej stronie", "Zaznaczono: 3", "Zaznaczono: 0", "Anuluj (1 z 3)", "Wyślij teraz (2 z 3)", "Ponów",
            "Dla wysyłek o statusie: Nieudana", "Anulować zaplanowaną wysyłkę? Odbiorca: Piotr Wiśniewski. Jej termin przepadnie.",
            "Wysłać teraz 2 oferty? Odbiorcy: Piotr Wiśniewski, Anna Nowak.", "Wyślij teraz", "Wróć", "Anuluj",
            "Anulować 2 zaplanowane wysyłki? Odbiorcy: Jan Kowalski, Anna Nowak.", "Anuluj wysyłki", "Anulowana", "^Nieudane ", "Status",
            "Nieudana", "Wysłana", "Pokazano: Nieudana", "Wyczyść filtry"),
    };

    [Theory]
    [InlineData("en-GB")]
    [InlineData("pl-PL")]
    public async Task BulkActions_SayHowManyOfTheSelection_AskNamingTheClients_AndClearTheSelectionOnceDone(string culture)
    {
        var words = Languages[culture];
        var (page, userId) = await StaffWithSendsAsync(culture,
            ("Already sent", OfferSendStatus.Sent, "Jan Kowalski"),
            ("For Anna", OfferSendStatus.Pending, "Anna Nowak"),
            ("For Piotr", OfferSendStatus.Scheduled, "Piotr Wiśniewski"));
        var bar = page.Locator(".mud-table-toolbar");
        var before = await SendsAsync(userId);

        await page.GetByRole(AriaRole.Checkbox, new() { Name = words.SelectPage }).CheckAsync();
        await Assertions.Expect(bar.GetByRole(AriaRole.Button, new() { Name = words.Retry, Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(bar.GetByTitle(words.RetryOnlyFor)).ToHaveCountAsync(1);

        // Cancel, for the one scheduled send of three, asks too: going back leaves its time as it was.
        var confirm = new ConfirmDialogPage(page);
        await bar.GetByRole(AriaRole.Button, new() { Name = words.CancelOneOfThree }).ClickAsync();
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync(words.ConfirmCancelOne);
        await confirm.BackAsync(words.Back);
        Assert.Equal(before, await SendsAsync(userId));
        await Assertions.Expect(page.GetByText(words.Selected3)).ToBeVisibleAsync();

        await bar.GetByRole(AriaRole.Button, new() { Name = words.SendNowTwoOfThree }).ClickAsync();
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync(words.ConfirmSendTwo);
        await confirm.BackAsync(words.Back);
        var ids = await IdsAsync(userId);
        Assert.DoesNotContain(app.Smtp.Accepted, m => ids.Contains(m.Headers["X-Majster-Offer-Send-Id"] ?? ""));
        await Assertions.Expect(page.GetByText(words.Selected3)).ToBeVisibleAsync();

        await bar.GetByRole(AriaRole.Button, new() { Name = words.SendNowTwoOfThree }).ClickAsync();
        await confirm.ConfirmAsync(words.SendNow);

        await Assertions.Expect(page.GetByText(words.Selected0)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tbody .row-select:checked")).ToHaveCountAsync(0);
        await Poll.UntilAsync(() => StatusesAsync(userId), s => s.Values.All(v => v == OfferSendStatus.Sent), TimeSpan.FromSeconds(30), "both sends to be sent");
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("pl-PL")]
    public async Task BulkCancel_Asks_AndChangesNothingWhenThePersonGoesBack(string culture)
    {
        var words = Languages[culture];
        var (page, userId) = await StaffWithSendsAsync(culture,
            ("Dach", OfferSendStatus.Scheduled, "Anna Nowak"),
            ("Okna", OfferSendStatus.Scheduled, "Jan Kowalski"));
        var cancel = page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = words.Cancel, Exact = true });
        var confirm = new ConfirmDialogPage(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = words.SelectPage }).CheckAsync();

        await cancel.ClickAsync();
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync(words.ConfirmCancelTwo);
        await confirm.BackAsync(words.Back);
        Assert.All((await StatusesAsync(userId)).Values, s => Assert.Equal(OfferSendStatus.Scheduled, s));

        await cancel.ClickAsync();
        await confirm.ConfirmAsync(words.CancelTheSends);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = words.Cancelled })).ToHaveCountAsync(2);
        Assert.All((await StatusesAsync(userId)).Values, s => Assert.Equal(OfferSendStatus.Pending, s));
        await Assertions.Expect(page.GetByText(words.Selected0)).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("pl-PL")]
    public async Task TheDashboardsFailedCard_OpensAListThatSaysSo_WithTheChipFilled_AndAWayToClearIt(string culture)
    {
        var words = Languages[culture];
        var (page, _) = await StaffWithSendsAsync(culture, ("Odrzucona", OfferSendStatus.Failed, "Anna Nowak"), ("Wysłana", OfferSendStatus.Sent, "Jan Kowalski"));
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(words.FailedCard) }).ClickAsync();

        var grid = new OfferSendsPage(page);
        await Assertions.Expect(page.GetByTestId("filter-summary")).ToHaveTextAsync(words.ShowingFailed);
        var statuses = page.GetByRole(AriaRole.Group, new() { Name = words.Status });
        var chip = statuses.GetByRole(AriaRole.Button, new() { Name = words.Failed, Exact = true });
        await Assertions.Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(chip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-filled"));
        var sent = statuses.GetByRole(AriaRole.Button, new() { Name = words.Sent, Exact = true });
        await Assertions.Expect(sent).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(grid.Subjects).ToHaveTextAsync(["Odrzucona"]);

        await page.GetByRole(AriaRole.Button, new() { Name = words.ClearFilters }).ClickAsync();

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
    private Task<(IPage Page, Guid UserId)> StaffWithSendsAsync(params (string Subject, OfferSendStatus Status, string Client)[] sends) =>
        StaffWithSendsAsync("en-GB", sends);

    /// <summary>The same, for a person who uses <paramref name="culture"/>.</summary>
    private async Task<(IPage Page, Guid UserId)> StaffWithSendsAsync(string culture, params (string Subject, OfferSendStatus Status, string Client)[] sends)
    {
        var email = await app.CreateStaffAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        (user.TimeZoneId, user.Culture) = ("Europe/Warsaw", culture);
        await db.SaveChangesAsync(Ct);
        await Seed.SendsToAsync(app.ConnectionString, user.Id, TimeProvider.System.GetUtcNow(), Ct, sends);
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await grid.WaitForLoadedAsync(sends.Length);
        return (page, user.Id);
    }

    /// <summary>Each of the person's sends as stored: its subject, status and time.</summary>
    private async Task<List<string>> SendsAsync(Guid userId)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return [.. (await db.OfferSends.Where(s => s.UserId == userId).OrderBy(s => s.Subject).ToListAsync(Ct))
            .Select(s => $"{s.Subject} {s.Status} {s.ScheduledFor:O}")];
    }

    private async Task<List<string>> IdsAsync(Guid userId)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return [.. (await db.OfferSends.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(Ct)).Select(id => id.ToString())];
    }

    private async Task<Dictionary<string, OfferSendStatus>> StatusesAsync(Guid userId)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.OfferSends.Where(s => s.UserId == userId && s.Subject != "Already sent")
            .ToDictionaryAsync(s => s.Subject, s => s.Status, Ct);
    }
}
