using Majster.Core.Inbound;
using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// A bounced send's page shows what came back, as text, the dashboard's Bounces card opens the bounced sends, and the
/// admin lifts the suppression it caused on the
/// Suppressions page; both pages in English and Polish, on a desktop and a phone (pictures in the screenshots folder).
/// The bounce is Postfix's report, read and stored by the app's own reader and recorder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BounceBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BouncedSend_ShowsWhatCameBack_AndTheSuppressionPageLiftsIt()
    {
        var (send, pending) = await BouncedSendAsync();
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);

        await ShootAsync(page, $"/offer-sends/{send.Id}", "bounce-detail", "What came back");
        await Assertions.Expect(page.GetByTestId("inbound-diagnostic")).ToContainTextAsync("5.1.1");
        await Assertions.Expect(page.GetByTestId("delivery-chip").First).ToHaveTextAsync("Bounced");
        await Assertions.Expect(page.GetByTestId("suppressed-alert")).ToContainTextAsync($"{send.ClientEmail} is suppressed");
        // The returned headers are shown as they came, as text: no element is made from them.
        await Assertions.Expect(page.Locator(".inbound-text").First).ToContainTextAsync("Recipient address rejected");
        await ShootAsync(page, "/admin/suppressions", "suppressions", send.ClientEmail);
        await ShootAsync(page, "/offer-sends", "bounce-grid", "Offer: Kitchen");
        await Assertions.Expect(page.GetByTestId("delivery-chip")).ToHaveTextAsync("Bounced");
        await ShootAsync(page, "/", "bounce-dashboard", "Bounces (7 days)");

        // The Bounces card opens the bounced sends, and the list says so with its chip filled.
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Bounces \\(7 days\\)") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/offer-sends\\?delivery=bounced$"));
        await Assertions.Expect(page.GetByTestId("filter-summary")).ToHaveTextAsync("Showing: Bounced");
        var bouncedChip = page.GetByRole(AriaRole.Button, new() { Name = "Bounced", Exact = true });
        await Assertions.Expect(bouncedChip).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(bouncedChip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-filled"));
        await Assertions.Expect(new OfferSendsPage(page).Subjects).ToHaveTextAsync(["Offer: Kitchen"]);

        // Another send to the bounced address: the Send now dialog says it is suppressed before anyone presses Send.
        await page.GotoAsync($"/offer-sends/{pending.Id}");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send now" }).First.ClickAsync();
        var confirm = new ConfirmDialogPage(page);
        await Assertions.Expect(confirm.Dialog).ToContainTextAsync($"{send.ClientEmail} is suppressed");
        await confirm.BackAsync();

        await page.SetViewportSizeAsync(390, 844);
        await ShootAsync(page, $"/offer-sends/{send.Id}", "bounce-detail-phone", "What came back");
        await ShootAsync(page, "/admin/suppressions", "suppressions-phone", send.ClientEmail);

        await page.SetViewportSizeAsync(1280, 800);
        await page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" }).ClickAsync();
        await page.Locator("html[lang=pl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ShootAsync(page, $"/offer-sends/{send.Id}", "bounce-detail-pl", "Co wróciło");
        await ShootAsync(page, "/offer-sends?delivery=bounced", "bounce-grid-pl", "Pokazano: Zwrócona");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Zwrócona", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await ShootAsync(page, "/admin/suppressions", "suppressions-pl", send.ClientEmail);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Odblokuj {send.ClientEmail}" }).ClickAsync();
        await new ConfirmDialogPage(page).ConfirmAsync("Odblokuj");

        await Assertions.Expect(page.GetByTestId("no-suppressions")).ToHaveTextAsync("Brak zablokowanych adresów.");
        await using var db = Database.CreateContext(app.ConnectionString);
        Assert.False(await db.Suppressions.AnyAsync(s => s.Address == send.ClientEmail, Ct));
    }

    /// <summary>A sent send of the admin's whose Postfix bounce the app has read, and a pending one to the same address.</summary>
    private async Task<(OfferSend Bounced, OfferSend Pending)> BouncedSendAsync()
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        var admin = await db.Users.SingleAsync(u => u.Email == MajsterAppFactory.AdminEmail, Ct);
        var now = TimeProvider.System.GetUtcNow();
        var sends = await Seed.SendsToAsync(app.ConnectionString, admin.Id, now, Ct,
            ("Offer: Kitchen", OfferSendStatus.Sent, "Jan Kowalski"), ("Offer: Bathroom", OfferSendStatus.Pending, "Jan Kowalski"));
        var send = sends[0];
        var report = BounceFixtures.Postfix(send.Id).Replace(BounceFixtures.Client, send.ClientEmail);
        var recorder = app.Factory.Services.GetRequiredService<InboundMessageRecorder>();
        await recorder.RecordAsync(InboundMessageReading.Read(BounceFixtures.Parse(report)), Ct);
        return (send, sends[1]);
    }

    private static async Task ShootAsync(IPage page, string path, string name, string shows)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText(shows).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}
