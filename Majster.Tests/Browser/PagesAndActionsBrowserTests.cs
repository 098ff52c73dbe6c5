using System.Globalization;
using System.Text.RegularExpressions;
using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// Every action of the app's pages (the Users page's are in <see cref="ShutOutBrowserTests"/>), each driven once in Chromium by a new staff member with a send
/// in every state: it must do what it says and never show the error banner or log a UI error.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PagesAndActionsBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The sends each case starts with, by subject (none a part of another, as rows are found by their text).</summary>
    private const string Pending = "Quote: roof", Scheduled = "Quote: windows", ScheduledToo = "Quote: floors",
        Failed = "Quote: kitchen", FailedToo = "Quote: terrace", Sent = "Quote: facade";

    /// <summary>One person's session in a case: their page and what was seeded for them.</summary>
    private sealed record Session(IPage Page, Guid UserId, IReadOnlyDictionary<string, OfferSend> Sends)
    {
        public OfferSendsPage Grid => new(Page);

        public ILocator BulkButton(string name) => Page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

        public async Task SelectAsync(params string[] subjects)
        {
            foreach (var subject in subjects)
            {
                await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select " + subject, Exact = true }).CheckAsync();
            }
        }

        public async Task OpenGridAsync()
        {
            await Grid.GotoAsync();
            await Grid.WaitForLoadedAsync(Sends.Count);
        }

        public async Task OpenSendAsync(string subject)
        {
            await Page.GotoAsync($"/offer-sends/{Sends[subject].Id}");
            await Page.WaitForInteractiveAsync();
            await Page.GetByRole(AriaRole.Heading, new() { Name = subject }).WaitForAsync();
        }

        /// <summary>A button of a send's page (its words, not the grid's icons).</summary>
        public ILocator PageButton(string name) => Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).First;
    }

    private static readonly Dictionary<string, Func<PagesAndActionsBrowserTests, Session, Task>> Cases = new()
    {
        ["Dashboard: each card opens its list"] = (_, s) => EachDashboardCardAsync(s),
        ["Grid: a status chip"] = async (_, s) =>
        {
            await s.OpenGridAsync();
            await s.Grid.StatusChip("Failed").ClickAsync();
            await Assertions.Expect(s.Grid.Subjects).ToHaveCountAsync(2);
        },
        ["Grid: overdue only"] = async (_, s) =>
        {
            await s.OpenGridAsync();
            await s.Page.GetByRole(AriaRole.Switch, new() { Name = "Overdue only" }).ClickAsync();
            await Assertions.Expect(s.Page.GetByText("Nothing is overdue.")).ToBeVisibleAsync();
        },
        ["Grid: search"] = async (_, s) =>
        {
            await s.OpenGridAsync();
            await s.Page.GetByLabel("Search recipient, subject, offer").FillAsync(FailedToo);
            await Assertions.Expect(s.Grid.Subjects).ToHaveTextAsync([FailedToo]);
        },
        ["Grid: sort by a column"] = async (_, s) =>
        {
            await s.OpenGridAsync();
            await s.Grid.ColumnHeader("Subject").GetByText("Subject", new() { Exact = true }).ClickAsync();
            await Assertions.Expect(s.Grid.Subjects.First).ToHaveTextAsync(Sent);
        },
        ["Grid: date range (from, to)"] = async (_, s) =>
        {
            // Tomorrow and the day after on the person's (Warsaw) clock: the two scheduled sends are due in a day.
            var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddDays(1), Warsaw).DateTime);
            await s.OpenGridAsync();
            await s.Grid.DateRange.ClickAsync();
            await PickDayAsync(s.Page, first);
            await PickDayAsync(s.Page, first.AddDays(1));
            await s.Page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(s.Page).ToHaveURLAsync(new Regex($"from={first:yyyy-MM-dd}&to={first.AddDays(1):yyyy-MM-dd}"));
            await Assertions.Expect(s.Grid.Subjects).ToHaveTextAsync([Scheduled, ScheduledToo]);
        },
        ["Grid row: Schedule"] = (t, s) => t.GridRowScheduleAsync(s, Pending, "Schedule"),
        ["Grid row: Reschedule"] = (t, s) => t.GridRowScheduleAsync(s, Scheduled, "Reschedule"),
        ["Grid row: Cancel"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.Grid.RowButton(Scheduled, "Cancel").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Cancel the send");
            await t.ExpectStatusAsync(s, Scheduled, OfferSendStatus.Pending);
        },
        ["Grid row: Send now"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.Grid.RowButton(Pending, "Send now").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Send now");
            await t.ExpectStatusAsync(s, Pending, OfferSendStatus.Sent);
        },
        ["Grid row: Retry"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.Grid.RowButton(Failed, "Retry").ClickAsync();
            await t.ExpectStatusAsync(s, Failed, OfferSendStatus.Scheduled, OfferSendStatus.Sent);
        },
        ["Grid bulk: Schedule"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.SelectAsync(Pending, Scheduled);
            await s.BulkButton("Schedule").ClickAsync();
            var when = await t.ScheduleInTheDialogAsync(s, sends: 2);
            Assert.All(await t.SendsAsync(s, Pending, Scheduled), send => Assert.Equal(when, send.ScheduledFor));
        },
        ["Grid bulk: Cancel"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.SelectAsync(Scheduled, ScheduledToo);
            await s.BulkButton("Cancel").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Cancel the sends");
            await t.ExpectStatusAsync(s, Scheduled, OfferSendStatus.Pending);
            await t.ExpectStatusAsync(s, ScheduledToo, OfferSendStatus.Pending);
        },
        ["Grid bulk: Send now"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.SelectAsync(Pending, Scheduled);
            await s.BulkButton("Send now").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Send now");
            await t.ExpectStatusAsync(s, Pending, OfferSendStatus.Sent);
            await t.ExpectStatusAsync(s, Scheduled, OfferSendStatus.Sent);
        },
        ["Grid bulk: Retry"] = async (t, s) =>
        {
            await s.OpenGridAsync();
            await s.SelectAsync(Failed, FailedToo);
            await s.BulkButton("Retry").ClickAsync();
            await t.ExpectStatusAsync(s, Failed, OfferSendStatus.Scheduled, OfferSendStatus.Sent);
            await t.ExpectStatusAsync(s, FailedToo, OfferSendStatus.Scheduled, OfferSendStatus.Sent);
        },
        ["Send page: Schedule"] = async (t, s) =>
        {
            await s.OpenSendAsync(Pending);
            await s.PageButton("Schedule").ClickAsync();
            await t.ScheduleInTheDialogAsync(s);
            await t.ExpectStatusAsync(s, Pending, OfferSendStatus.Scheduled);
        },
        ["Send page: Reschedule"] = async (t, s) =>
        {
            await s.OpenSendAsync(Scheduled);
            await s.PageButton("Reschedule").ClickAsync();
            var when = await t.ScheduleInTheDialogAsync(s);
            Assert.Equal(when, (await t.SendsAsync(s, Scheduled))[0].ScheduledFor);
        },
        ["Send page: Cancel"] = async (t, s) =>
        {
            await s.OpenSendAsync(Scheduled);
            await s.PageButton("Cancel").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Cancel the send");
            await Assertions.Expect(s.Page.GetByRole(AriaRole.Main).GetByText("Cancelled", new() { Exact = true }).First).ToBeVisibleAsync();
            await t.ExpectStatusAsync(s, Scheduled, OfferSendStatus.Pending);
        },
        ["Send page: Send now"] = async (t, s) =>
        {
            await s.OpenSendAsync(Pending);
            await s.PageButton("Send now").ClickAsync();
            await new ConfirmDialogPage(s.Page).ConfirmAsync("Send now");
            await Assertions.Expect(s.Page.GetByRole(AriaRole.Main).GetByText("Sent", new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await t.ExpectStatusAsync(s, Pending, OfferSendStatus.Sent);
        },
        ["Send page: Retry"] = async (t, s) =>
        {
            await s.OpenSendAsync(Failed);
            await s.PageButton("Retry").ClickAsync();
            await t.ExpectStatusAsync(s, Failed, OfferSendStatus.Scheduled, OfferSendStatus.Sent);
        },
        ["Offers: new offer, new send, new send scheduled"] = async (t, s) =>
        {
            var offers = new OffersPage(s.Page);
            await offers.GotoAsync();
            var title = "Ogród " + Guid.NewGuid().ToString("N")[..6];
            await offers.CreateOfferAsync(title, "Zofia Lewandowska", "zofia@example.com", "1250");
            await offers.CreateSendAsync(title, "Unscheduled " + title, scheduleAfter: false);
            await Assertions.Expect(s.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
            await offers.CreateSendAsync(title, "Scheduled " + title, scheduleAfter: true);
            await t.ScheduleInTheDialogAsync(s);
            var made = (await t.SendsAsync(s)).ToDictionary(o => o.Subject, o => o.Status);
            Assert.Equal(OfferSendStatus.Pending, made["Unscheduled " + title]);
            Assert.Equal(OfferSendStatus.Scheduled, made["Scheduled " + title]);
        },
        ["Account: where replies go"] = async (_, s) =>
        {
            var account = new AccountPage(s.Page);
            await account.GotoAsync();
            await account.SetReplyToAsync("Biuro", "biuro@majster.local");
            await Assertions.Expect(account.Saved).ToBeVisibleAsync();
        },
        ["Account: time zone"] = async (t, s) =>
        {
            await new AccountPage(s.Page).GotoAsync();
            await s.Page.GetByRole(AriaRole.Combobox, new() { Name = "Time zone" }).FillAsync("Lisbon");
            // The list answers the typed text after a debounce: pick the zone itself, not whatever list is open first.
            await s.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Europe/Lisbon" }).ClickAsync();
            await Assertions.Expect(s.Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
            await s.Page.Locator(".mud-paper").Filter(new() { Has = s.Page.GetByRole(AriaRole.Heading, new() { Name = "Time zone" }) })
                .GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Poll.UntilAsync(() => t.ZoneAsync(s), zone => zone == "Europe/Lisbon", TimeSpan.FromSeconds(10), "the zone to be saved");
        },
        ["Account: change password"] = async (_, s) =>
        {
            await new AccountPage(s.Page).GotoAsync();
            await s.Page.GetByLabel("Current password").FillAsync(BrowserFixture.StaffPassword);
            await s.Page.GetByLabel("New password").FillAsync("Another-staff-password-2");
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Assertions.Expect(s.Page.GetByText("Password changed.")).ToBeVisibleAsync();
        },
        ["Account: create and revoke an API token"] = async (_, s) =>
        {
            await new AccountPage(s.Page).GotoAsync();
            await s.Page.GetByLabel("Token name").FillAsync("Strona www");
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
            await Assertions.Expect(s.Page.GetByTestId("new-token")).Not.ToBeEmptyAsync();
            await s.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Strona www" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Assertions.Expect(s.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Strona www" })).ToContainTextAsync("Revoked");
        },
        ["App bar: switch language"] = async (_, s) =>
        {
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" }).ClickAsync();
            await s.Page.Locator("html[lang=pl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await s.Page.WaitForInteractiveAsync();
            await Assertions.Expect(s.Page.GetByRole(AriaRole.Heading, new() { Name = "Pulpit" })).ToBeVisibleAsync();
        },
        ["App bar: dark theme"] = async (_, s) =>
        {
            var background = () => s.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
            var light = await background();
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "Toggle light or dark theme" }).ClickAsync();
            await Poll.UntilAsync(background, colour => colour != light, TimeSpan.FromSeconds(5), "the page to turn dark");
        },
        ["App bar: navigation"] = async (_, s) =>
        {
            var navigation = s.Page.GetByRole(AriaRole.Navigation);
            await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Offers" })).ToBeInViewportAsync();
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
            await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Offers" })).Not.ToBeInViewportAsync();
        },
        ["App bar: sign out"] = async (_, s) =>
        {
            await s.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await s.Page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
            await Assertions.Expect(new LoginPage(s.Page).SignIn).ToBeVisibleAsync();
        },
    };

    public static TheoryData<string> Actions => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task EveryAction_DoesWhatItSays_WithoutTheErrorBanner(string action)
    {
        var session = await SessionAsync();
        var errorsBefore = UiErrors().Count;

        await Cases[action](this, session);

        await Assertions.Expect(session.Page.GetByText("Quote this reference to support")).ToHaveCountAsync(0);
        await Assertions.Expect(session.Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Equal([], UiErrors().Skip(errorsBefore));
    }

    /// <summary>The errors the UI logged (an error boundary's or the circuit's) in this app so far.</summary>
    private List<string> UiErrors() => [.. app.Logs.GetSnapshot()
        .Where(r => r.Level >= LogLevel.Error && (r.Category?.Contains(".Components", StringComparison.Ordinal) ?? false))
        .Select(r => $"{r.Category}: {r.Message} {r.Exception?.Message}")];

    /// <summary>A new staff member in Warsaw, signed in, with a send in every state (two scheduled and two failed).</summary>
    private async Task<Session> SessionAsync()
    {
        var email = await app.CreateStaffAsync();
        Guid userId;
        await using (var db = Database.CreateContext(app.ConnectionString))
        {
            userId = (await db.Users.SingleAsync(u => u.Email == email, Ct)).Id;
        }

        var sends = await Seed.SendsToAsync(app.ConnectionString, userId, TimeProvider.System.GetUtcNow(), Ct,
            (Sent, OfferSendStatus.Sent, "Jan Kowalski"),
            (Failed, OfferSendStatus.Failed, "Anna Nowak"),
            (FailedToo, OfferSendStatus.Failed, "Piotr Wiśniewski"),
            (ScheduledToo, OfferSendStatus.Scheduled, "Katarzyna Wójcik"),
            (Scheduled, OfferSendStatus.Scheduled, "Tomasz Kamiński"),
            (Pending, OfferSendStatus.Pending, "Zofia Lewandowska"));
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        return new Session(page, userId, sends.ToDictionary(s => s.Subject));
    }

    private static async Task EachDashboardCardAsync(Session s)
    {
        var cards = s.Page.GetByRole(AriaRole.Main).Locator("[role=link]");
        await cards.First.WaitForAsync();
        var count = await cards.CountAsync();
        Assert.True(count >= 4, $"{count} cards");
        for (var i = 0; i < count; i++)
        {
            await s.Page.GotoAsync("/");
            await s.Page.WaitForInteractiveAsync();
            await cards.Nth(i).ClickAsync();
            await Assertions.Expect(s.Page).ToHaveURLAsync(new Regex("/offer-sends\\?"));
            await Assertions.Expect(s.Page.GetByTestId("filter-summary")).ToContainTextAsync("Showing: ");
        }
    }

    /// <summary>Clicks <paramref name="day"/> in the open date picker, turning to its month first.</summary>
    private static async Task PickDayAsync(IPage page, DateOnly day)
    {
        var header = page.Locator(".mud-picker-calendar-header-transition").First;
        var wanted = day.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        if ((await header.InnerTextAsync()).Trim() != wanted)
        {
            await page.Locator(".mud-picker-nav-button-next").First.ClickAsync();
            await Assertions.Expect(header).ToHaveTextAsync(wanted);
        }

        await page.Locator(".mud-picker-calendar-day:not(.mud-hidden)")
            .GetByText(day.Day.ToString(CultureInfo.InvariantCulture), new() { Exact = true }).First.ClickAsync();
    }

    private async Task GridRowScheduleAsync(Session s, string subject, string button)
    {
        await s.OpenGridAsync();
        await s.Grid.RowButton(subject, button).ClickAsync();
        var when = await ScheduleInTheDialogAsync(s);
        await Assertions.Expect(s.Grid.Row(subject)).ToContainTextAsync(
            TimeZoneInfo.ConvertTime(when, Warsaw).ToString("g", CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal(when, (await SendsAsync(s, subject))[0].ScheduledFor);
    }

    /// <summary>Gives the open schedule dialog a time two days ahead, 10:00 in Warsaw, and confirms; the instant given.</summary>
    /// <summary>Schedules in the open dialog two days ahead at 10:00 Warsaw, and waits until <paramref name="sends"/> sends hold that time.</summary>
    private async Task<DateTimeOffset> ScheduleInTheDialogAsync(Session s, int sends = 1)
    {
        var local = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), Warsaw).Date.AddDays(2).AddHours(10);
        var dialog = new ScheduleDialogPage(s.Page);
        await dialog.EnterAsync(local);
        await dialog.ConfirmAsync();
        await Assertions.Expect(s.Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var when = new DateTimeOffset(local, Warsaw.GetUtcOffset(local)).ToUniversalTime();
        await Poll.UntilAsync(async () => (await SendsAsync(s)).Count(x => x.ScheduledFor == when), n => n >= sends, TimeSpan.FromSeconds(10), $"{sends} send(s) scheduled at {when}");
        return when;
    }

    private async Task ExpectStatusAsync(Session s, string subject, params OfferSendStatus[] expected) =>
        await Poll.UntilAsync(async () => (await SendsAsync(s, subject))[0].Status, expected.Contains, TimeSpan.FromSeconds(30),
            $"{subject} to be {string.Join(" or ", expected)}");

    /// <summary>The person's sends as stored now: those with <paramref name="subjects"/>, or all.</summary>
    private async Task<List<OfferSend>> SendsAsync(Session s, params string[] subjects)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.OfferSends.AsNoTracking()
            .Where(x => x.UserId == s.UserId && (subjects.Length == 0 || subjects.Contains(x.Subject))).ToListAsync(Ct);
    }

    private async Task<string> ZoneAsync(Session s)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return (await db.Users.AsNoTracking().SingleAsync(u => u.Id == s.UserId, Ct)).TimeZoneId;
    }
}
