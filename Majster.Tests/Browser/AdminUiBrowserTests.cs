using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>The admin UI in Debian's Chromium against the real app on a real port, real PostgreSQL and SMTP.</summary>
[Trait("Category", "Browser")]
public sealed partial class AdminUiBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    [Fact]
    public async Task Staff_CreateAnOfferAndASend_ScheduleItForTheComingMinute_AndSeeItSentWithoutReloading()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();

        var title = "Dach " + Guid.NewGuid().ToString("N")[..6];
        var subject = "Oferta na dach " + title;
        var offers = new OffersPage(page);
        await offers.GotoAsync();
        await offers.CreateOfferAsync(title, "Jan Kowalski", "jan.kowalski@example.com", "12500");
        await offers.CreateSendAsync(title, subject, scheduleAfter: true);

        // The coming minute, as the person's wall clock (Europe/Warsaw) reads it — 20 to 80 s away, so the grid is
        // seen showing it Scheduled before it turns Sent.
        var comingMinute = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddSeconds(80), Warsaw);
        var dialog = new ScheduleDialogPage(page);
        await dialog.EnterAsync(new DateTime(comingMinute.Year, comingMinute.Month, comingMinute.Day, comingMinute.Hour, comingMinute.Minute, 0));
        await Assertions.Expect(dialog.UtcPreview).ToContainTextAsync("Goes out on ");
        await dialog.ConfirmAsync();

        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await Assertions.Expect(grid.Row(subject)).ToContainTextAsync("Scheduled");
        await Assertions.Expect(grid.Row(subject)).ToContainTextAsync("Sent", new() { Timeout = 90_000 });

        await grid.Row(subject).GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await page.WaitForInteractiveAsync();
        var attempts = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "SMTP code" });
        await Assertions.Expect(attempts).ToContainTextAsync("Sent");
        await Assertions.Expect(page.GetByTitle("E-mail preview")).ToBeVisibleAsync();
        Assert.Contains(app.Smtp.Accepted, m => m.Subject == subject);

        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sent (24 h)" })).Not.ToContainTextAsync("Sent (24 h)0");
    }

    [Fact]
    public async Task SendNow_DeliversAPendingSend()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        var (grid, subject) = await PendingSendAsync(page, "okna");

        await Assertions.Expect(grid.Row(subject)).ToContainTextAsync("Pending");
        await grid.RowButton(subject, "Send now").ClickAsync();
        var confirm = new ConfirmDialogPage(page);
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync("Send the offer now to Anna Nowak?");
        await confirm.ConfirmAsync("Send now");

        await Assertions.Expect(grid.Row(subject)).ToContainTextAsync("Sent", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Staff_SetWhereRepliesGo_AndSeeItInThePreviewAndTheDeliveredMessage()
    {
        var page = await SignedInAsync(await app.CreateStaffAsync(), BrowserFixture.StaffPassword);
        var account = new AccountPage(page);
        await account.GotoAsync();
        await account.SetReplyToAsync("Anna Nowak", "anna@biuro");
        await Assertions.Expect(account.Error("Reply address is not a valid e-mail address.")).ToBeVisibleAsync();
        await account.SetReplyToAsync("PKO Bank", "security@bank.example");
        await Assertions.Expect(account.Error("Reply address must be an address at majster.local.")).ToBeVisibleAsync();
        await account.SetReplyToAsync("Anna Nowak", "anna.nowak@majster.local");
        await Assertions.Expect(account.Saved).ToBeVisibleAsync();

        var (grid, subject) = await PendingSendAsync(page, "schody");
        await grid.RowButton(subject, "Send now").ClickAsync();
        await new ConfirmDialogPage(page).ConfirmAsync("Send now");
        await Assertions.Expect(grid.Row(subject)).ToContainTextAsync("Sent", new() { Timeout = 30_000 });
        await grid.Row(subject).GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reply-To" }))
            .ToContainTextAsync("Anna Nowak <anna.nowak@majster.local>");
        var delivered = Assert.Single(app.Smtp.Accepted, m => m.Subject == subject);
        var replyTo = Assert.Single(delivered.ReplyTo.Mailboxes);
        Assert.Equal(("Anna Nowak", "anna.nowak@majster.local"), (replyTo.Name, replyTo.Address));
    }

    [Fact]
    public async Task Staff_IsAnswered403AtHangfireAndUsers_AndCannotOpenAnotherUsersSend()
    {
        var adminPage = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        var title = "Elewacja " + Guid.NewGuid().ToString("N")[..6];
        var offers = new OffersPage(adminPage);
        await offers.GotoAsync();
        await offers.CreateOfferAsync(title, "Piotr Wiśniewski", "piotr@example.com", "4300");
        await offers.CreateSendAsync(title, "Admin's own " + title, scheduleAfter: false);
        var grid = new OfferSendsPage(adminPage);
        await grid.GotoAsync();
        var detailUrl = await grid.Row("Admin's own " + title).GetByRole(AriaRole.Link).GetAttributeAsync("href");

        var staff = await SignedInAsync(await app.CreateStaffAsync(), BrowserFixture.StaffPassword);
        foreach (var adminOnly in new[] { "/hangfire", "/admin/users" })
        {
            var denied = await staff.GotoAsync(adminOnly);
            Assert.Equal(403, denied!.Status);
            await Assertions.Expect(staff.GetByRole(AriaRole.Alert)).ToHaveTextAsync("You do not have access to this page.");
        }

        await staff.GotoAsync(detailUrl!);
        await staff.WaitForInteractiveAsync();

        await Assertions.Expect(staff.GetByText("Not found.")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dashboard_CountsAStaffMembersOwnSends_AndEveryoneElsesForAnAdmin()
    {
        // A failed send of the admin's, which only the admin's dashboard counts.
        await using (var db = Database.CreateContext(app.ConnectionString))
        {
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.Email == MajsterAppFactory.AdminEmail, TestContext.Current.CancellationToken);
            var offer = new Offer
            {
                UserId = admin.Id, Title = "Taras", ClientName = "Jan", ClientEmail = "jan@example.com", TotalAmount = 1, Currency = "PLN",
                Language = "pl", CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
            };
            db.Offers.Add(offer);
            db.OfferSends.Add(new OfferSend
            {
                Offer = offer, UserId = admin.Id, ClientEmail = "jan@example.com", Subject = "Taras", Status = OfferSendStatus.Failed,
                ErrorMessage = "550 No such user", Failure = FailureReason.Smtp(550), CreatedAt = offer.CreatedAt, UpdatedAt = offer.CreatedAt,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var staff = await SignedInAsync(await app.CreateStaffAsync(), BrowserFixture.StaffPassword);
        var admins = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);

        await Assertions.Expect(FailedCard(staff).GetByTestId("metric-value")).ToHaveTextAsync("0");
        await Assertions.Expect(staff.GetByText("Scheduler health")).ToHaveCountAsync(0);
        await Assertions.Expect(FailedCard(admins).GetByTestId("metric-value")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(admins.GetByText("Scheduler health")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FiveWrongPasswords_PauseThePasswordSignIn_InTheSameWordsAsAWrongPassword()
    {
        var email = await app.CreateStaffAsync();
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await login.SignInAsync(email, "Wrong-password-" + attempt);
            await Assertions.Expect(login.Alert).ToBeVisibleAsync();
        }

        var wrongPassword = await login.Alert.TextContentAsync();
        await login.SignInAsync(email, BrowserFixture.StaffPassword);
        // Locked or wrong, the answer is the same: it tells no one which accounts exist.
        await Assertions.Expect(login.Alert).ToHaveTextAsync(wrongPassword!);
        await Assertions.Expect(login.Alert).ToContainTextAsync("pauses for 15 minutes");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }

    private Task<IPage> SignedInAsync(string email, string password) => app.SignedInAsync(email, password);

    /// <summary>A new offer for <paramref name="work"/> and a pending send of it, made in the UI; the grid is open.</summary>
    private static async Task<(OfferSendsPage Grid, string Subject)> PendingSendAsync(IPage page, string work)
    {
        var title = work + " " + Guid.NewGuid().ToString("N")[..6];
        var subject = "Oferta na " + title;
        var offers = new OffersPage(page);
        await offers.GotoAsync();
        await offers.CreateOfferAsync(title, "Anna Nowak", "anna.nowak@example.com", "800");
        await offers.CreateSendAsync(title, subject, scheduleAfter: false);
        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        return (grid, subject);
    }

    private static ILocator FailedCard(IPage page) => page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Failed ") });
}
