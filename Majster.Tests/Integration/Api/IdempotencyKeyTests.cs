using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /api/offers</c>, <c>POST /api/offer-sends</c> and <c>POST /schedule-offer</c>:
/// a replay answers the first answer and changes nothing, another body under the key is a 422, and concurrent requests
/// under one key make one row.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IdempotencyKeyTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSend_Replayed_AnswersTheFirstAnswer_AndCreatesOneRow()
    {
        var staff = await app.CreateUserAsync();
        var offerId = await app.CreateOfferAsync(staff);
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(staff, "/api/offer-sends", new { offerId, subject = "Oferta" }, key);
        var again = await PostAsync(staff, "/api/offer-sends", new { offerId, subject = "Oferta" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await SendsOfAsync(offerId));
    }

    [Fact]
    public async Task CreateOffer_SameKeyAnotherBody_Is422_AndChangesNothing()
    {
        var staff = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(staff, "/api/offers", Offer("Dach"), key)).StatusCode);

        await Problems.AssertAsync(await PostAsync(staff, "/api/offers", Offer("Łazienka"), key), (HttpStatusCode)422);

        var offers = await staff.Client.GetFromJsonAsync<JsonElement>("/api/offers", Ct);
        Assert.Equal(1, offers.GetProperty("total").GetInt32());
        Assert.Equal("Dach", offers.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task ScheduleOffer_Replayed_ChangesNothing_EvenAfterTheSendMovedOn()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var key = Guid.NewGuid().ToString();
        var body = new { offerSendId = id, scheduledFor = "2026-01-05T10:00:00Z" };

        var first = await PostAsync(staff, "/schedule-offer", body, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct)).StatusCode);
        var before = await app.SnapshotAsync(id);

        var again = await PostAsync(staff, "/schedule-offer", body, key);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task CreateSend_ConcurrentWithOneKey_CreatesOneRow_AndTheOthersReplayOrAreToldToWait()
    {
        var staff = await app.CreateUserAsync();
        var offerId = await app.CreateOfferAsync(staff);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(staff, "/api/offer-sends", new { offerId }, key)));

        Assert.Equal(1, await SendsOfAsync(offerId));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Headers.Location).Distinct();
        Assert.Single(created);
    }

    [Fact]
    public async Task Keys_AreTheCallersOwn_AndABadKeyIsA400()
    {
        var staff = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var key = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(staff, "/api/offers", Offer("Dach"), key)).StatusCode);
        var theirs = await PostAsync(other, "/api/offers", Offer("Dach"), key);

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        await Problems.AssertAsync(await PostAsync(staff, "/api/offers", Offer("Okno"), new string('k', 256)), HttpStatusCode.BadRequest);
    }

    private static object Offer(string title) =>
        new { title, clientName = "Jan Kowalski", clientEmail = "jan@example.com", totalAmount = 100m, currency = "PLN", language = "pl" };

    private static async Task<HttpResponseMessage> PostAsync(TestUser user, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", $"\"{key}\"");
        return await user.Client.SendAsync(request, Ct);
    }

    private async Task<int> SendsOfAsync(Guid offerId)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.OfferSends.CountAsync(s => s.OfferId == offerId, Ct);
    }
}
