using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// What a client reads and what staff read, in Chromium in both languages and on a phone: the e-mail preview is one
/// letter with its labels in the person's language, the timeline names the person, time zones are found by city, the
/// app bar and an attempt fit a phone, and a title's focus ring shows for the keyboard only.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LetterAndWordsBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("pl-PL", "Od", "Odpowiedź do", "Do", "Temat", "Oferta do pobrania (PDF)", "Dzień dobry", "Pozdrawiam", "Z poważaniem")]
    [InlineData("en-GB", "From", "Reply-To", "To", "Subject", "Download the offer (PDF)", "Dear Mr Kowalski", "Best regards", "Kind regards")]
    public async Task Preview_ShowsOneLetter_WithItsLabelsInThePersonsLanguage_AndTheTimelineNamesThePerson(
        string culture, string from, string replyTo, string to, string subject, string pdfLink, string greeting, string signOff, string templatesSignOff)
    {
        var message = $"{greeting},\n\nas agreed / zgodnie z rozmową: remont łazienki.\n\n{signOff},\nAnna Nowak";
        var (page, sendId) = await StaffWithASendAsync(culture, message);
        await page.GotoAsync($"/offer-sends/{sendId}");
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.Locator("th[scope=row]")).ToHaveTextAsync([from, replyTo, to, subject]);

        var letter = page.FrameLocator("iframe.email-preview").Locator("body");
        await Assertions.Expect(letter).ToContainTextAsync(signOff + ",");
        var text = await letter.InnerTextAsync();
        Assert.Equal(1, Occurrences(text, greeting));
        Assert.Equal(1, Occurrences(text, signOff));
        Assert.Equal(0, Occurrences(text, templatesSignOff) + Occurrences(text, "Dzień dobry,\n\n" + greeting) + Occurrences(text, "Dear Jan"));
        await Assertions.Expect(page.FrameLocator("iframe.email-preview").GetByRole(AriaRole.Link, new() { Name = pdfLink })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-timeline")).ToContainTextAsync("Anna Nowak");
        await page.ScreenshotAsync(new() { Path = Shot($"detail-{culture}"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        var attempt = page.Locator(".attempts-table tbody tr").First;
        await Assertions.Expect(attempt).ToContainTextAsync("550");
        var height = (await attempt.BoundingBoxAsync())!.Height;
        Assert.True(height < 160, $"An attempt's row is {height} px tall on a phone.");
        await Assertions.Expect(letter).ToContainTextAsync(signOff + ",");
        var headers = (await page.Locator(".email-headers table").BoundingBoxAsync())!;
        Assert.True(headers.X + headers.Width <= 390, $"The preview's headers reach {headers.X + headers.Width} px on a 390 px phone.");
        await page.ScreenshotAsync(new() { Path = Shot($"detail-phone-{culture}"), FullPage = true });
        await page.Locator("iframe.email-preview").ScreenshotAsync(new() { Path = Shot($"letter-phone-{culture}") });
    }

    [Theory]
    [InlineData("pl-PL", "Firma", "Zapisz", "Zapisano.", "Dzień dobry,\nprzesyłam wycenę.\n\nPozdrawiam", "Pozdrawiam\nAnna Nowak\nDachy Nowak Sp. z o.o.")]
    [InlineData("en-GB", "Company", "Save", "Saved.", "Hello,\nhere is the quote.\n\nBest regards,", "Best regards,\nAnna Nowak\nDachy Nowak Sp. z o.o.")]
    public async Task Preview_SignsWithTheCompanySetOnTheAccountPage_UnderTheMessagesNamelessSignOff(
        string culture, string company, string save, string saved, string message, string signed)
    {
        var (page, sendId) = await StaffWithASendAsync(culture, message);
        await page.GotoAsync("/account");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel(company, new() { Exact = true }).FillAsync("Dachy Nowak Sp. z o.o.");
        await page.GetByRole(AriaRole.Button, new() { Name = save, Exact = true }).Last.ClickAsync();
        await Assertions.Expect(page.GetByText(saved)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot($"account-{culture}"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Shot($"account-phone-{culture}"), FullPage = true });

        await page.GotoAsync($"/offer-sends/{sendId}");
        await page.WaitForInteractiveAsync();

        var letter = page.FrameLocator("iframe.email-preview").Locator("body");
        await Assertions.Expect(letter).ToContainTextAsync("Dachy Nowak");
        Assert.EndsWith(signed, (await letter.InnerTextAsync()).ReplaceLineEndings("\n").TrimEnd(), StringComparison.Ordinal);
        await page.Locator("iframe.email-preview").ScreenshotAsync(new() { Path = Shot($"letter-signed-phone-{culture}") });
    }

    [Theory]
    [InlineData("pl-PL", "Utracono połączenie z serwerem", "Nadal próbuję", "Nie udało się połączyć", "Ponów", "Coś poszło nie tak. Odśwież")]
    [InlineData("en-GB", "Connection to the server lost", "Still trying", "Could not reconnect", "Retry", "Something went wrong. Reload")]
    public async Task ALostConnection_IsToldInThePersonsLanguage_AndThePageComesBack(
        string culture, string lost, string stillTrying, string failed, string retry, string error)
    {
        var (page, _) = await StaffWithASendAsync(culture, "x");
        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToHaveTextAsync(error);
        var box = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(box).ToBeHiddenAsync();

        await page.RouteAsync("**/_blazor/negotiate**", route => route.AbortAsync());
        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");
        await Assertions.Expect(box.GetByText(lost)).ToBeVisibleAsync();
        // Blazor tries at once ten times, then every five seconds: the box says so.
        await Assertions.Expect(box.GetByText(stillTrying)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Shot($"reconnecting-{culture}") });
        // Failing for good takes thirty tries over minutes: the box is put in that state as Blazor would put it.
        await box.EvaluateAsync("b => b.className = 'components-reconnect-failed'");
        await Assertions.Expect(box.GetByText(failed)).ToBeVisibleAsync();
        await Assertions.Expect(box.GetByText(stillTrying)).ToBeHiddenAsync();
        await Assertions.Expect(box.GetByRole(AriaRole.Button, new() { Name = retry })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Shot($"reconnect-failed-phone-{culture}") });

        await page.UnrouteAllAsync();
        await box.GetByRole(AriaRole.Button, new() { Name = retry }).ClickAsync();
        await Assertions.Expect(box).ToBeHiddenAsync(new() { Timeout = 20_000 });
    }

    [Theory]
    [InlineData("pl-PL", "Nie ma jeszcze ofert. Utwórz ją przyciskiem „Nowa oferta”", "Nie ma jeszcze tokenów API.")]
    [InlineData("en-GB", "No offers yet. Create one with “New offer”", "No API tokens yet.")]
    public async Task EmptyOffersAndTokens_SayWhatToDo_InThePersonsLanguage(string culture, string noOffers, string noTokens)
    {
        var email = await app.CreateStaffAsync();
        await using (var db = Database.CreateContext(app.ConnectionString))
        {
            (await db.Users.SingleAsync(u => u.Email == email, TestContext.Current.CancellationToken)).Culture = culture;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        foreach (var (width, height, size) in new[] { (1280, 800, ""), (390, 844, "-phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/offers");
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByTestId("no-offers")).ToContainTextAsync(noOffers);
            await page.ScreenshotAsync(new() { Path = Shot($"offers-empty{size}-{culture}"), FullPage = true });

            await page.GotoAsync("/account");
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByTestId("no-tokens")).ToContainTextAsync(noTokens);
            await page.GetByTestId("no-tokens").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Shot($"tokens-empty{size}-{culture}") });
        }
    }

    [Theory]
    [InlineData("pl-PL", "Przełóż", "Zaplanuj", "Odbiorca: Jan Kowalski (jan.kowalski@example.com)", "dd.MM.yyyy", "Wysyłka: ")]
    [InlineData("en-GB", "Reschedule", "Schedule", "For: Jan Kowalski (jan.kowalski@example.com)", "dd/MM/yyyy", "Goes out on ")]
    public async Task ScheduleDialog_NamesTheClient_SaysWhenInWords_AndTakesATypedTimeOnTheFirstClick(
        string culture, string reschedule, string schedule, string recipients, string dateFormat, string goesOut)
    {
        var (page, sendId) = await StaffWithASendAsync(culture, "x");
        await page.GotoAsync($"/offer-sends/{sendId}");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = reschedule, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await Assertions.Expect(dialog.GetByTestId("schedule-recipients")).ToHaveTextAsync(recipients);
        await Assertions.Expect(dialog.GetByTestId("utc-preview")).ToContainTextAsync(goesOut);
        await Assertions.Expect(dialog.GetByTestId("utc-preview")).Not.ToContainTextAsync("Z");
        var day = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw")).Date.AddDays(9);
        var date = dialog.Locator(".mud-picker input").First;
        await date.FillAsync(day.ToString(dateFormat, System.Globalization.CultureInfo.InvariantCulture));
        await dialog.Locator(".mud-picker input").Nth(1).FillAsync("10:35");
        await Assertions.Expect(dialog.GetByTestId("utc-preview")).ToContainTextAsync("10:35");
        await page.ScreenshotAsync(new() { Path = Shot($"schedule-dialog-{culture}") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Shot($"schedule-dialog-phone-{culture}") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = schedule, Exact = true }).ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // The page writes the dialog's answer after the dialog has closed.
        var warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        await Poll.UntilAsync(
            async () =>
            {
                await using var db = Database.CreateContext(app.ConnectionString);
                var scheduled = (await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == sendId, TestContext.Current.CancellationToken)).ScheduledFor!.Value;
                return TimeZoneInfo.ConvertTime(scheduled, warsaw).DateTime;
            },
            local => local == day.AddHours(10).AddMinutes(35), TimeSpan.FromSeconds(10), "the send to be scheduled at 10:35 Warsaw time");
    }

    [Theory]
    [InlineData("pl-PL", "Warszawa", "Warszawa (Europe/Warsaw)")]
    [InlineData("en-GB", "Warsaw", "Warsaw (Europe/Warsaw)")]
    public async Task TimeZone_IsFoundByItsCity_InThePersonsLanguage(string culture, string typed, string shown)
    {
        var (page, _) = await StaffWithASendAsync(culture, "x");
        await page.GotoAsync("/account");
        await page.WaitForInteractiveAsync();

        var zone = page.Locator(".mud-autocomplete input").First;
        // A search answers once the circuit has handled the typing: on a loaded machine that can take seconds.
        await Assertions.Expect(zone).ToHaveValueAsync(shown, new() { Timeout = 15_000 });
        await zone.FillAsync(typed[..5]);

        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = shown })).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Theory]
    [InlineData("pl-PL", "Wyloguj")]
    [InlineData("en-GB", "Sign out")]
    public async Task OnAPhone_TheAppBarIsOneLine_AndTheChartsHoursAreApart(string culture, string signOut)
    {
        var (page, _) = await StaffWithASendAsync(culture, "x");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.Locator(".mud-chart svg").First.WaitForAsync();

        var title = (await page.Locator(".app-title").BoundingBoxAsync())!;
        var button = (await page.GetByRole(AriaRole.Button, new() { NameRegex = new(signOut, System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).BoundingBoxAsync())!;
        Assert.True(title.Height < 32 && button.Height <= 48, $"The app bar wraps: title {title.Height} px, sign-out {button.Height} px tall.");
        Assert.True(Math.Abs((title.Y + title.Height / 2) - (button.Y + button.Height / 2)) < 6, "The title and Sign out are not on one line.");

        var labels = await page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('.mud-chart svg text')].filter(t => /^\d\d$/.test(t.textContent.trim()))
                .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; }).sort((a, b) => a[0] - b[0])
            """);
        Assert.NotEmpty(labels);
        for (var i = 1; i < labels.Length; i++)
        {
            Assert.True(labels[i][0] - labels[i - 1][1] >= 4, $"The chart's hour labels {i - 1} and {i} run together.");
        }

        await page.ScreenshotAsync(new() { Path = Shot($"dashboard-phone-{culture}"), FullPage = true });
    }

    [Theory]
    [InlineData("pl-PL", "Nieudane", "Wysłane na czas (24 h)", "Stan harmonogramu", "Zaległe", "Wysłane", "Ponowione")]
    [InlineData("en-GB", "Failed", "Sent on time (24 h)", "Scheduler health", "Overdue", "Sent", "Retried")]
    public async Task Dashboard_SpeaksToStaff_InOneColourAMeaning_WithoutTheSchedulersWorkings(
        string culture, string failed, string onTime, string scheduler, string overdue, string sent, string retried)
    {
        var (page, sendId) = await StaffWithASendAsync(culture, "x", OfferSendStatus.Failed);
        await AddAnOverdueSendAsync(sendId);
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.Locator(".mud-chart svg").First.WaitForAsync();

        await Assertions.Expect(page.GetByText(onTime)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("p50")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText(scheduler)).ToHaveCountAsync(0);
        var card = (string title) => page.Locator(".metric-card", new() { HasText = title })
            .EvaluateAsync<string>("c => getComputedStyle(c).backgroundColor");
        var chart = (string name) => page.EvaluateAsync<string>("""
            name => { const item = [...document.querySelectorAll('.mud-chart-legend-item')].find(i => i.textContent.trim() === name);
                      return getComputedStyle(item.querySelector('.mud-chart-legend-marker')).backgroundColor; }
            """, name);
        await Assertions.Expect(page.Locator(".metric-card", new() { HasText = overdue }).GetByTestId("metric-value")).ToHaveTextAsync("1");
        Assert.Equal(await chart(failed), await card(failed));
        // One colour a meaning: overdue, failed, sent and retried each in its own.
        var colours = new Dictionary<string, string>
        {
            [overdue] = await card(overdue), [failed] = await card(failed), [sent] = await chart(sent), [retried] = await chart(retried),
        };
        Assert.True(colours.Values.Distinct().Count() == colours.Count, "Two meanings share a colour: " + string.Join(", ", colours));
        await page.ScreenshotAsync(new() { Path = Shot($"dashboard-staff-{culture}"), FullPage = true });
    }

    [Fact]
    public async Task TheTitlesFocus_IsKeptButDrawnOnlyForTheKeyboard_AndSortButtonsShowTheirs()
    {
        var (page, _) = await StaffWithASendAsync("en-GB", "x");
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Offer sends" }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync("Offer sends");
        await Assertions.Expect(heading).ToBeFocusedAsync();
        Assert.Equal("none", await heading.EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(heading).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(heading).ToBeFocusedAsync();
        Assert.Equal("solid", await heading.EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));

        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
        // The sort button after "select every row", reached with Tab: MudBlazor hides it (opacity 0) until hovered.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select every row on this page" }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(":focus");
        await Assertions.Expect(focused).ToHaveAttributeAsync("aria-label", "Sort");
        await Assertions.Expect(focused).ToHaveCSSAsync("opacity", "1");
        await Assertions.Expect(focused).ToHaveCSSAsync("outline-style", "solid");

        // A text field's ring goes around the field with its label, not around the input (through the label).
        var search = page.Locator(".mud-input-control input.mud-input-slot").First;
        await search.FocusAsync();
        var what = await search.EvaluateAsync<string>("i => i.className + ' | ' + i.type + ' | ' + getComputedStyle(i).outlineStyle");
        Assert.True(what.EndsWith("none", StringComparison.Ordinal), what);
        Assert.Equal("solid", await search.EvaluateAsync<string>("i => getComputedStyle(i.closest('.mud-input-control')).outlineStyle"));
    }

    private async Task<(IPage Page, Guid SendId)> StaffWithASendAsync(string culture, string message, OfferSendStatus status = OfferSendStatus.Scheduled)
    {
        var email = await app.CreateStaffAsync();
        var now = TimeProvider.System.GetUtcNow();
        var ct = TestContext.Current.CancellationToken;
        Guid sendId;
        await using (var db = Database.CreateContext(app.ConnectionString))
        {
            var user = await db.Users.SingleAsync(u => u.Email == email, ct);
            user.Culture = culture;
            user.ReplyName = "Anna Nowak";
            var offer = new Offer
            {
                UserId = user.Id, Title = "Remont łazienki", ClientName = "Jan Kowalski", ClientEmail = "jan.kowalski@example.com",
                TotalAmount = 18_400m, Currency = "PLN", Language = culture[..2], CreatedAt = now, UpdatedAt = now,
            };
            var send = new OfferSend
            {
                Offer = offer, UserId = user.Id, ClientEmail = "jan.kowalski@example.com", ClientName = "Jan Kowalski", Subject = "Oferta: remont łazienki",
                Message = message, PdfUrl = "https://files.example.com/oferta.pdf", Status = status, ScheduledFor = now.AddHours(5), RetryCount = 1, MaxRetries = 3,
                CreatedAt = now.AddMinutes(-30), UpdatedAt = now,
            };
            send.Events.Add(new OfferSendEvent
            {
                At = now.AddMinutes(-30), Actor = user.Id.ToString(), Action = OfferSendActions.Schedule, StatusAfter = OfferSendStatus.Scheduled,
                ScheduledForAfter = now.AddMinutes(-10),
            });
            send.Attempts.Add(new OfferSendAttempt
            {
                AttemptNumber = 1, StartedAt = now.AddMinutes(-10), FinishedAt = now.AddMinutes(-10).AddMilliseconds(240),
                Outcome = AttemptOutcome.TransientFailure, SmtpStatusCode = 550, Error = "550 5.1.1 Mailbox jan.kowalski@example.com unavailable", Instance = "test",
            });
            db.OfferSends.Add(send);
            await db.SaveChangesAsync(ct);
            sendId = send.Id;
        }

        return (await app.SignedInAsync(email, BrowserFixture.StaffPassword), sendId);
    }

    /// <summary>
    /// A second send of the same person, due an hour ago and leased by an instance that is not running: overdue, and left
    /// so (the engine claims no leased row).
    /// </summary>
    private async Task AddAnOverdueSendAsync(Guid sendId)
    {
        var ct = TestContext.Current.CancellationToken;
        var now = TimeProvider.System.GetUtcNow();
        await using var db = Database.CreateContext(app.ConnectionString);
        var first = await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == sendId, ct);
        db.OfferSends.Add(new OfferSend
        {
            OfferId = first.OfferId, UserId = first.UserId, ClientEmail = "anna.nowak@example.com", ClientName = "Anna Nowak", Subject = "Oferta: taras",
            Status = OfferSendStatus.Scheduled, ScheduledFor = now.AddHours(-1), LockedUntil = now.AddHours(1), LockedBy = "elsewhere",
            CreatedAt = now.AddHours(-2), UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");

    private static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
