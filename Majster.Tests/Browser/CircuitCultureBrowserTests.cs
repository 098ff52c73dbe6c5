using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;

namespace Majster.Tests.Browser;

/// <summary>
/// A page redrawn by a change made elsewhere keeps its person's language and date format: a Polish and an English
/// person each have their grid and a send's page open when their sends are changed straight in the database.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CircuitCultureBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    /// <summary>The 20th, so that a day read as a month (12/20) cannot pass for the right date.</summary>
    private static readonly DateTimeOffset Due = new(2031, 1, 20, 14, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What each language shows: the grid's header, the send page's heading, and <see cref="Due"/> in Warsaw (UTC+1 in January).</summary>
    private sealed record Language(string Culture, string RecipientHeader, string TimelineHeading, string DueText);

    private static readonly Language Polish = new("pl-PL", "Odbiorca", "Historia", "20.01.2031 15:30");
    private static readonly Language English = new("en-GB", "Recipient", "Timeline", "20/01/2031 15:30");

    [Fact]
    public async Task PagesRedrawnAfterAChangeElsewhere_KeepTheirPersonsLanguageAndDates()
    {
        var people = new[] { Polish, English };
        var opened = new List<(Language Language, IPage Grid, IPage Detail, OfferSend Send)>();
        foreach (var language in people)
        {
            var (email, send) = await PersonWithASendAsync(language.Culture);
            var grid = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
            await new OfferSendsPage(grid).GotoAsync();
            // The pager comes with the live grid's rows (the prerendered ones have none).
            await grid.Locator(".mud-table-pagination").WaitForAsync();
            var detail = await grid.Context.NewPageAsync();
            await detail.GotoAsync($"/offer-sends/{send.Id}");
            await detail.WaitForInteractiveAsync();
            await ExpectInLanguageAsync(language, grid, detail, send.Subject);
            opened.Add((language, grid, detail, send));
        }

        var renamed = "Zmieniona " + Guid.NewGuid().ToString("N")[..6];
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("UPDATE offer_sends SET subject = @subject WHERE id = ANY(@ids)", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("subject", renamed));
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. opened.Select(o => o.Send.Id)]));
            Assert.Equal(2, await command.ExecuteNonQueryAsync(Ct));
        }

        foreach (var (language, grid, detail, _) in opened)
        {
            await ExpectInLanguageAsync(language, grid, detail, renamed);
        }
    }

    /// <summary>Both pages show <paramref name="subject"/> (redrawn) with the language's header, heading and date.</summary>
    private static async Task ExpectInLanguageAsync(Language language, IPage grid, IPage detail, string subject)
    {
        await Assertions.Expect(grid.Locator("table tbody tr a[href^='/offer-sends/']")).ToHaveTextAsync(subject);
        await Assertions.Expect(grid.GetByRole(AriaRole.Columnheader, new() { Name = language.RecipientHeader })).ToBeVisibleAsync();
        await Assertions.Expect(grid.Locator("table tbody")).ToContainTextAsync(language.DueText);

        await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Name = subject })).ToBeVisibleAsync();
        await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Name = language.TimelineHeading })).ToBeVisibleAsync();
        await Assertions.Expect(detail.GetByRole(AriaRole.Main)).ToContainTextAsync(language.DueText);
    }

    /// <summary>A new staff member in Warsaw who uses <paramref name="culture"/>, with one scheduled send of their own.</summary>
    private async Task<(string Email, OfferSend Send)> PersonWithASendAsync(string culture)
    {
        var email = await app.CreateStaffAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
        (user.Culture, user.TimeZoneId) = (culture, "Europe/Warsaw");
        await db.SaveChangesAsync(Ct);
        var now = TimeProvider.System.GetUtcNow();
        var offer = await Seed.OfferAsync(app.ConnectionString, user.Id, now, Ct);
        var send = new OfferSend
        {
            OfferId = offer.Id, UserId = user.Id, ClientName = "Jan Kowalski", ClientEmail = "jan.kowalski@example.com",
            Subject = "Oferta " + culture, Message = "Dzień dobry", Status = OfferSendStatus.Scheduled, ScheduledFor = Due,
            CreatedAt = now, UpdatedAt = now,
        };
        db.OfferSends.Add(send);
        await db.SaveChangesAsync(Ct);
        return (email, send);
    }
}
