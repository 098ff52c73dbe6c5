using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// The original frontend's way in: a page on another origin loads supabase-js and schedules a send through
/// <c>functions.invoke('schedule-offer', …)</c>, in Chromium, across CORS, with a bearer token.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SupabaseClientBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FunctionsInvoke_FromAListedOrigin_SchedulesTheSend_AndAnswersTheRunbooksShape()
    {
        var sendId = await CreateSendAsync();
        var page = await ClientPageAsync();
        var scheduledFor = TimeProvider.System.GetUtcNow().AddDays(1);
        var when = new DateTimeOffset(scheduledFor.Year, scheduledFor.Month, scheduledFor.Day, 10, 0, 0, TimeSpan.Zero);

        var result = await page.EvaluateAsync<JsonElement>(
            "args => invokeFunction(args.url, args.token, 'schedule-offer', args.body)",
            new { url = app.BaseUrl, token = MajsterAppFactory.AdminApiToken, body = new { offerSendId = sendId, scheduledFor = when.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) } });

        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        var data = result.GetProperty("data");
        Assert.True(data.GetProperty("success").GetBoolean());
        Assert.Equal("scheduled", data.GetProperty("offerSend").GetProperty("status").GetString());
        Assert.Equal(sendId, data.GetProperty("offerSend").GetProperty("id").GetGuid());
        Assert.StartsWith("Offer scheduled for ", data.GetProperty("message").GetString(), StringComparison.Ordinal);
        await using var db = Database.CreateContext(app.ConnectionString);
        var send = await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == sendId, Ct);
        Assert.Equal(OfferSendStatus.Scheduled, send.Status);
        Assert.Equal(when, send.ScheduledFor);
    }

    [Fact]
    public async Task FunctionsInvoke_WithABadToken_GetsTheApisUnauthorized_ReadableAcrossOrigins()
    {
        var sendId = await CreateSendAsync();
        var page = await ClientPageAsync();

        var result = await page.EvaluateAsync<JsonElement>(
            "args => invokeFunction(args.url, args.token, 'schedule-offer', args.body)",
            new { url = app.BaseUrl, token = "mjt_not_a_token", body = new { offerSendId = sendId, scheduledFor = "2030-01-01T10:00:00Z" } });

        var error = result.GetProperty("error");
        Assert.Equal("FunctionsHttpError", error.GetProperty("name").GetString());
        Assert.Equal(401, error.GetProperty("status").GetInt32());
    }

    private async Task<IPage> ClientPageAsync()
    {
        var context = await app.Browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.Site.Origin + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Majster client" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A pending send of a new offer, made by the admin through the API.</summary>
    private async Task<Guid> CreateSendAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MajsterAppFactory.AdminApiToken);
        var offer = await client.PostAsJsonAsync("/api/offers", new
        {
            title = "Łazienka", clientName = "Ewa Nowak", clientEmail = "ewa@example.com", totalAmount = 900m, currency = "PLN", language = "pl",
        }, Ct);
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var send = await client.PostAsJsonAsync("/api/offer-sends", new { offerId }, Ct);
        return (await send.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
