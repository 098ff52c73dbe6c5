using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// Text that is not text, in any field of any JSON endpoint: invalid UTF-8 bytes, and <c>\uXXXX</c> escapes that are
/// half a UTF-16 surrogate pair. Each is a 400 ProblemDetails naming the problem, never a 5xx, and nothing is written.
/// The admin calls, so that every endpoint is open to the caller; {offer}, {id} and {self} are the admin's offer, send
/// and user id.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MalformedTextTests(ApiApp app) : IClassFixture<ApiApp>
{
    /// <summary>Each endpoint's body, with BAD where a malformed string goes.</summary>
    private static readonly (string Path, string Body)[] Endpoints =
    [
        ("/api/offers", """{"title": BAD, "clientName": "Jan", "clientEmail": "jan@example.com", "totalAmount": 10, "currency": "PLN", "language": "pl"}"""),
        ("/api/offer-sends", """{"offerId": "{offer}", "clientName": BAD}"""),
        ("/schedule-offer", """{"offerSendId": "{id}", "scheduledFor": BAD}"""),
        ("/functions/v1/schedule-offer", """{"offerSendId": BAD, "scheduledFor": "2026-01-03T10:00:00Z"}"""),
        ("/api/users", """{"email": BAD, "password": "Long-enough-password-1"}"""),
        ("/api/tokens", """{"name": BAD}"""),
        ("/api/users/{self}/tokens", """{"name": BAD}"""),
    ];

    /// <summary>Malformed strings as raw bytes, with the words the answer must use.</summary>
    private static readonly (string Name, byte[] Text, string Words)[] Strings =
    [
        ("lone high surrogate", Ascii("\"a\\ud800b\""), "surrogate"),
        ("lone low surrogate", Ascii("\"\\uDC00\""), "surrogate"),
        ("high surrogate before a non-surrogate", Ascii("\"\\ud83d\\u0041\""), "surrogate"),
        ("invalid UTF-8 bytes", [(byte)'"', (byte)'a', 0xFF, 0xFE, 0xC3, (byte)'"'], "UTF-8"),
        ("UTF-8-encoded surrogate", [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], "UTF-8"),
    ];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (path, _) in Endpoints)
        {
            foreach (var (name, _, _) in Strings)
            {
                cases.Add(path, name);
            }

            cases.Add(path, "invalid UTF-8 in an unknown field");
            cases.Add(path, "surrogate in a property name");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedText_IsABadRequestNamingTheProblem_AndWritesNothing(string path, string malformation)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = app.Admin();
        var self = await SelfAsync(admin);
        var offer = await app.CreateOfferAsync(self);
        var send = await app.CreateSendAsync(self);
        string Fill(string text) => text.Replace("{offer}", offer.ToString(), StringComparison.Ordinal)
            .Replace("{id}", send.ToString(), StringComparison.Ordinal).Replace("{self}", self.Id.ToString(), StringComparison.Ordinal);
        var (body, words) = Malformed(Fill(Endpoints.Single(e => e.Path == path).Body), malformation);
        var before = await FingerprintAsync();

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await admin.PostAsync(Fill(path), content, ct);

        var error = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync());
    }

    private async Task<TestUser> SelfAsync(HttpClient admin)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        var id = await db.Users.Where(u => u.Email == MajsterAppFactory.AdminEmail).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        return new TestUser(id, MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminApiToken, admin);
    }

    /// <summary>The body with the malformation in it, and the words its refusal must use.</summary>
    private static (byte[] Body, string Words) Malformed(string template, string malformation)
    {
        // The last two put a well-formed string in the field and the malformed text elsewhere.
        var wellFormed = template.Replace("BAD", "\"x\"", StringComparison.Ordinal).TrimEnd('}');
        return malformation switch
        {
            "invalid UTF-8 in an unknown field" => (Splice(wellFormed + ", \"note\": BAD}", [(byte)'"', 0xC3, 0x28, (byte)'"']), "UTF-8"),
            "surrogate in a property name" => (Splice(wellFormed + ", BAD: 1}", Ascii("\"\\udfff\"")), "surrogate"),
            _ => Strings.Where(s => s.Name == malformation).Select(s => (Splice(template, s.Text), s.Words)).Single(),
        };
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>The template's UTF-8 bytes with <paramref name="text"/> in place of BAD.</summary>
    private static byte[] Splice(string template, byte[] text)
    {
        var at = template.IndexOf("BAD", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. text, .. Encoding.UTF8.GetBytes(template[(at + 3)..])];
    }

    private async Task<string> FingerprintAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(app.ConnectionString);
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            users = await db.Users.CountAsync(ct),
            tokens = await db.ApiTokens.CountAsync(ct),
            offers = await db.Offers.CountAsync(ct),
            sends = await db.OfferSends.CountAsync(ct),
            events = await db.OfferSendEvents.CountAsync(ct),
        });
    }
}
