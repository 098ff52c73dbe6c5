using System.Net;
using System.Text;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// Malformed and hostile requests across the endpoints: each answers its 4xx as ProblemDetails
/// (<c>success: false</c>, <c>error</c>), never a 5xx, and changes nothing in the database.
/// Placeholders: {id} the caller's pending send, {sent} the caller's sent one, {offer} the caller's offer,
/// {foreign} and {foreignOffer} another staff member's, {unknown} an id nobody has.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests(ApiApp app) : IClassFixture<ApiApp>
{
    private const string Later = "2026-01-03T10:00:00Z";
    private static readonly string Huge = new('x', 70_000);
    private static readonly string Long = new('y', 5_000);

    public static TheoryData<string, string, string, string?, int> Cases => new()
    {
        // schedule-offer: shape and types
        { "empty object", "POST", "/schedule-offer", "{}", 400 },
        { "array body", "POST", "/schedule-offer", "[]", 400 },
        { "string body", "POST", "/schedule-offer", "\"hello\"", 400 },
        { "null body", "POST", "/schedule-offer", "null", 400 },
        { "empty body", "POST", "/schedule-offer", "", 400 },
        { "truncated json", "POST", "/schedule-offer", "{\"offerSendId\": \"", 400 },
        { "trailing garbage", "POST", "/schedule-offer", $"{{\"offerSendId\": \"{{id}}\", \"scheduledFor\": \"{Later}\"}} x", 400 },
        { "duplicate keys", "POST", "/schedule-offer", $"{{\"offerSendId\": \"{{unknown}}\", \"offerSendId\": \"{{id}}\", \"scheduledFor\": \"{Later}\"}}", 400 },
        { "null id", "POST", "/schedule-offer", $"{{\"offerSendId\": null, \"scheduledFor\": \"{Later}\"}}", 400 },
        { "null time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": null}", 400 },
        { "numeric id", "POST", "/schedule-offer", $"{{\"offerSendId\": 42, \"scheduledFor\": \"{Later}\"}}", 400 },
        { "array id", "POST", "/schedule-offer", $"{{\"offerSendId\": [\"{{id}}\"], \"scheduledFor\": \"{Later}\"}}", 400 },
        { "id not a uuid", "POST", "/schedule-offer", $"{{\"offerSendId\": \"1 OR 1=1\", \"scheduledFor\": \"{Later}\"}}", 400 },
        { "epoch number time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": 1767434400000}", 400 },
        { "object time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": {\"$date\": \"2026-01-03\"}}", 400 },
        { "boolean time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": true}", 400 },
        { "deeply nested", "POST", "/schedule-offer", new string('[', 100) + new string(']', 100), 400 },
        // schedule-offer: times
        { "naive time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03T10:00:00\"}", 400 },
        { "date only", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03\"}", 400 },
        { "month 13", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-13-03T10:00:00Z\"}", 400 },
        { "hour 25", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03T25:00:00Z\"}", 400 },
        { "february 30", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-02-30T10:00:00Z\"}", 400 },
        { "offset +25:00", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03T10:00:00+25:00\"}", 400 },
        { "words", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"tomorrow\"}", 400 },
        { "sql in time", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03T10:00:00Z'; DROP TABLE offer_sends;--\"}", 400 },
        { "year 9999", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"9999-12-31T23:59:59Z\"}", 400 },
        { "year 0001 past", "POST", "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"0001-01-01T00:00:00Z\"}", 400 },
        // schedule-offer: rows, owners, statuses, transport
        { "unknown id", "POST", "/schedule-offer", $"{{\"offerSendId\": \"{{unknown}}\", \"scheduledFor\": \"{Later}\"}}", 404 },
        { "wrong owner", "POST", "/functions/v1/schedule-offer", $"{{\"offerSendId\": \"{{foreign}}\", \"scheduledFor\": \"{Later}\"}}", 404 },
        { "sent is final", "POST", "/schedule-offer", $"{{\"offerSendId\": \"{{sent}}\", \"scheduledFor\": \"{Later}\"}}", 409 },
        { "body over 64 KiB", "POST", "/schedule-offer", $"{{\"offerSendId\": \"{{id}}\", \"scheduledFor\": \"{Later}\", \"pad\": \"{Huge}\"}}", 413 },
        { "form content type", "POST", "/schedule-offer", "text/plain:offerSendId={id}", 415 },
        // offer sends: create
        { "create without offer", "POST", "/api/offer-sends", "{}", 400 },
        { "create unknown offer", "POST", "/api/offer-sends", "{\"offerId\": \"{unknown}\"}", 404 },
        { "create on foreign offer", "POST", "/api/offer-sends", "{\"offerId\": \"{foreignOffer}\"}", 404 },
        { "address without dot", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientEmail\": \"a@b\"}", 400 },
        { "address with display name", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientEmail\": \"Evil <evil@example.com>\"}", 400 },
        { "address list", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientEmail\": \"a@example.com, b@example.com\"}", 400 },
        { "local part of 65", "POST", "/api/offer-sends", $"{{\"offerId\": \"{{offer}}\", \"clientEmail\": \"{new string('a', 65)}@example.com\"}}", 400 },
        { "address literal", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientEmail\": \"jan@[127.0.0.1]\"}", 400 },
        { "address header injection", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientEmail\": \"a@example.com\\r\\nBcc: victim@example.com\"}", 400 },
        { "subject header injection", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"subject\": \"Hi\\r\\nBcc: victim@example.com\"}", 400 },
        { "name with line feed", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"clientName\": \"Jan\\nKowalski\"}", 400 },
        { "blank subject", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"subject\": \"   \"}", 400 },
        { "huge subject", "POST", "/api/offer-sends", $"{{\"offerId\": \"{{offer}}\", \"subject\": \"{Long}\"}}", 400 },
        { "javascript pdf url", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"pdfUrl\": \"javascript:alert(1)\"}", 400 },
        { "numeric message", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"message\": 12}", 400 },
        { "past schedule on create", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"scheduledFor\": \"2020-01-01T00:00:00Z\"}", 400 },
        { "naive schedule on create", "POST", "/api/offer-sends", "{\"offerId\": \"{offer}\", \"scheduledFor\": \"2026-01-03T10:00\"}", 400 },
        // offers: create
        { "unknown currency", "POST", "/api/offers", Offer("\"XYZ\"", "\"pl\"", "100"), 400 },
        { "lower-case currency", "POST", "/api/offers", Offer("\"pln\"", "\"pl\"", "100"), 400 },
        { "language de", "POST", "/api/offers", Offer("\"PLN\"", "\"de\"", "100"), 400 },
        { "amount as string", "POST", "/api/offers", Offer("\"PLN\"", "\"pl\"", "\"100\""), 400 },
        { "negative amount", "POST", "/api/offers", Offer("\"PLN\"", "\"pl\"", "-5"), 400 },
        { "amount 1e30", "POST", "/api/offers", Offer("\"PLN\"", "\"pl\"", "1e30"), 400 },
        { "amount with 3 decimals", "POST", "/api/offers", Offer("\"PLN\"", "\"pl\"", "1.005"), 400 },
        { "null currency", "POST", "/api/offers", Offer("null", "\"pl\"", "100"), 400 },
        // transitions and reads
        { "cancel a pending send", "POST", "/api/offer-sends/{id}/cancel", null, 409 },
        { "retry a pending send", "POST", "/api/offer-sends/{id}/retry", null, 409 },
        { "send a sent send now", "POST", "/api/offer-sends/{sent}/send-now", null, 409 },
        { "cancel a foreign send", "POST", "/api/offer-sends/{foreign}/cancel", null, 404 },
        { "send-now an unknown send", "POST", "/api/offer-sends/{unknown}/send-now", null, 404 },
        { "read a foreign send", "GET", "/api/offer-sends/{foreign}", null, 404 },
        { "read a foreign offer", "GET", "/api/offers/{foreignOffer}", null, 404 },
        { "id not a guid", "GET", "/api/offer-sends/1%20OR%201=1", null, 404 },
        { "unknown status filter", "GET", "/api/offer-sends?status=done", null, 400 },
        { "page zero", "GET", "/api/offer-sends?page=0", null, 400 },
        { "page not a number", "GET", "/api/offer-sends?page=abc", null, 400 },
        { "page size 1000", "GET", "/api/offer-sends?pageSize=1000", null, 400 },
        { "search too long", "GET", $"/api/offer-sends?q={new string('z', 300)}", null, 400 },
        // tokens and users
        { "token without name", "POST", "/api/tokens", "{\"name\": \"\"}", 400 },
        { "token name with newline", "POST", "/api/tokens", "{\"name\": \"a\\nb\"}", 400 },
        { "revoke unknown token", "DELETE", "/api/tokens/{unknown}", null, 404 },
        { "staff creates a user", "POST", "/api/users", "{\"email\": \"x@example.com\", \"password\": \"Long-enough-password-1\"}", 403 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_IsRefusedCleanly_AndChangesNothing(string name, string method, string path, string? body, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        var caller = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["id"] = await app.CreateSendAsync(caller),
            ["sent"] = await app.CreateSendAsync(caller),
            ["offer"] = await app.CreateOfferAsync(caller),
            ["foreign"] = await app.CreateSendAsync(other),
            ["foreignOffer"] = await app.CreateOfferAsync(other),
            ["unknown"] = Guid.NewGuid(),
        };
        await app.UpdateSendAsync(ids["sent"], send =>
        {
            send.Status = OfferSendStatus.Sent;
            send.ProcessedAt = ApiApp.Now;
        });
        string Fill(string text) => ids.Aggregate(text, (current, id) => current.Replace("{" + id.Key + "}", id.Value.ToString(), StringComparison.Ordinal));
        var before = await FingerprintAsync(ids);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = body.StartsWith("text/plain:", StringComparison.Ordinal)
                ? new StringContent(Fill(body["text/plain:".Length..]), Encoding.UTF8, "text/plain")
                : ApiApp.Json(Fill(body));
        }

        var response = await caller.Client.SendAsync(request, ct);

        Assert.True((int)response.StatusCode < 500, $"{name}: {(int)response.StatusCode}");
        await Problems.AssertAsync(response, (HttpStatusCode)status);
        Assert.Equal(before, await FingerprintAsync(ids));
    }

    private static string Offer(string currency, string language, string amount) =>
        $"{{\"title\": \"Roof\", \"clientName\": \"Jan\", \"clientEmail\": \"jan@example.com\", \"totalAmount\": {amount}, \"currency\": {currency}, \"language\": {language}}}";

    /// <summary>The rows this case made, and how many rows each table holds.</summary>
    private async Task<string> FingerprintAsync(Dictionary<string, Guid> ids)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(app.ConnectionString);
        var keys = ids.Values.ToList();
        var sends = await db.OfferSends.AsNoTracking().Where(s => keys.Contains(s.Id)).OrderBy(s => s.Id).ToListAsync(ct);
        var offers = await db.Offers.AsNoTracking().Where(o => keys.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
        var counts = new
        {
            users = await db.Users.CountAsync(ct),
            tokens = await db.ApiTokens.CountAsync(t => t.RevokedAt == null, ct),
            offers = await db.Offers.CountAsync(ct),
            sends = await db.OfferSends.CountAsync(ct),
            events = await db.OfferSendEvents.CountAsync(ct),
        };
        return System.Text.Json.JsonSerializer.Serialize(new { sends, offers, counts });
    }
}
