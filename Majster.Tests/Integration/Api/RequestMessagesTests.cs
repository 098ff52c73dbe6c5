using System.Net;
using System.Text.Json;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// The words clients show for a refused body: each field named, and the naive-time refusal with its fix — from the
/// bound request types, their converter and their validation.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RequestMessagesTests(ApiApp app) : IClassFixture<ApiApp>
{
    private const string Later = "2026-01-03T10:00:00Z";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "/schedule-offer", "{}", "offerSendId is required." },
        { "/schedule-offer", $"{{\"offerSendId\": null, \"scheduledFor\": \"{Later}\"}}", "offerSendId is required." },
        { "/schedule-offer", $"{{\"offerSendId\": 42, \"scheduledFor\": \"{Later}\"}}", "offerSendId must be a UUID." },
        { "/schedule-offer", $"{{\"offerSendId\": \"1 OR 1=1\", \"scheduledFor\": \"{Later}\"}}", "offerSendId must be a UUID." },
        { "/schedule-offer", "{\"offerSendId\": \"{id}\"}", "scheduledFor is required." },
        { "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": null}", "scheduledFor is required." },
        { "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"2026-01-03T10:00:00\"}",
            "scheduledFor: '2026-01-03T10:00:00' has no time-zone offset; add 'Z' for UTC or an offset such as '+01:00'." },
        { "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": \"tomorrow\"}",
            "scheduledFor: 'tomorrow' is not an ISO 8601 date and time such as 2026-01-03T10:00:00.000Z." },
        { "/schedule-offer", "{\"offerSendId\": \"{id}\", \"scheduledFor\": 1767434400000}", "scheduledFor: must be a string" },
        { "/schedule-offer", "[]", "The body must be a JSON object." },
        { "/schedule-offer", $"{{\"offerSendId\": \"{{id}}\", \"offerSendId\": \"{{id}}\", \"scheduledFor\": \"{Later}\"}}", "repeats a property" },
        { "/api/offers", "{\"title\": \"Roof\", \"clientName\": \"Jan\", \"clientEmail\": \"jan@example.com\", \"totalAmount\": \"100\", \"currency\": \"PLN\", \"language\": \"pl\"}", "totalAmount must be a number." },
        { "/api/offers", "{\"title\": \"Roof\", \"clientName\": \"Jan\", \"clientEmail\": \"jan@example.com\", \"totalAmount\": 100, \"currency\": \"PLN\"}", "language is required." },
        { "/api/offers", "{\"title\": \"Roof\", \"clientName\": \"Jan\", \"clientEmail\": \"jan@example.com\", \"totalAmount\": 100, \"currency\": \"PLN\", \"language\": \"de\"}", "language must be 'pl' or 'en'." },
        { "/api/offer-sends", "{\"offerId\": \"{offer}\", \"message\": 12}", "message must be a string." },
        { "/api/offer-sends", "{\"offerId\": \"{offer}\", \"scheduledFor\": \"2026-01-03T10:00\"}", "scheduledFor: '2026-01-03T10:00' has no time-zone offset" },
        { "/api/tokens", $"{{\"name\": \"{new string('n', 101)}\"}}", "name must be at most 100 characters." },
        { "/api/users", "{\"email\": \"x@example.com\", \"password\": \"Long-enough-password-1\", \"role\": \"Boss\"}", "role must be Staff or Admin." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RefusedBody_NamesTheField(string path, string body, string words)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = app.Admin();
        var offer = await app.CreateOfferAsync(new TestUser(Guid.Empty, "", "", admin));
        var send = await app.CreateSendAsync(new TestUser(Guid.Empty, "", "", admin));

        var response = await admin.PostAsync(
            path, ApiApp.Json(body.Replace("{id}", send.ToString(), StringComparison.Ordinal).Replace("{offer}", offer.ToString(), StringComparison.Ordinal)), ct);

        var error = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationProblem_ListsTheFieldsErrors_AndLeadsWithTheFirst()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/tokens", ApiApp.Json($"{{\"name\": \"{new string('n', 101)}\"}}"), TestContext.Current.CancellationToken);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("name must be at most 100 characters.", document.RootElement.GetProperty("errors").EnumerateObject().Single().Value[0].GetString());
    }
}
