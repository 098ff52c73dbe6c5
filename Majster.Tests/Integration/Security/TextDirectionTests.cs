using System.Net;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Security;

/// <summary>
/// Text-direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) make "‮fdp.exe" read "exe.pdf" in the grid and
/// in the client's e-mail: every text field of the API refuses them with a 400 saying so, and nothing is written.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TextDirectionTests(ApiApp app) : IClassFixture<ApiApp>
{
    /// <summary>Each text field's request, with BIDI where the character goes ({offer} is an offer of the admin's).</summary>
    private static readonly (string Field, string Path, string Body)[] Fields =
    [
        ("title", "/api/offers", """{"title": "BIDIfdp.exe", "clientName": "Jan", "clientEmail": "jan@example.com", "totalAmount": 10, "currency": "PLN", "language": "pl"}"""),
        ("clientName", "/api/offers", """{"title": "Dach", "clientName": "Jan BIDI", "clientEmail": "jan@example.com", "totalAmount": 10, "currency": "PLN", "language": "pl"}"""),
        ("subject", "/api/offer-sends", """{"offerId": "{offer}", "subject": "Oferta BIDIfdp.exe"}"""),
        ("message", "/api/offer-sends", """{"offerId": "{offer}", "message": "Dzień dobry,\nw załączeniu BIDIfdp.exe"}"""),
        ("clientName", "/api/offer-sends", """{"offerId": "{offer}", "clientName": "BIDIJan"}"""),
        ("email", "/api/users", """{"email": "jan@exampleBIDI.com", "password": "Long-enough-password-1"}"""),
        ("name", "/api/tokens", """{"name": "laptop BIDI"}"""),
    ];

    private static readonly string[] Characters = ["\\u202A", "\\u202B", "\\u202C", "\\u202D", "\\u202E", "\\u2066", "\\u2067", "\\u2068", "\\u2069"];

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var (field, path, _) in Fields)
        {
            foreach (var character in Characters)
            {
                cases.Add(path, field, character);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ATextDirectionCharacter_IsABadRequestSayingSo_AndWritesNothing(string path, string field, string character)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = app.Admin();
        var offer = await app.CreateOfferAsync(new TestUser(Guid.Empty, MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminApiToken, admin));
        var body = Fields.Single(f => f.Path == path && f.Field == field).Body
            .Replace("{offer}", offer.ToString(), StringComparison.Ordinal).Replace("BIDI", character, StringComparison.Ordinal);
        var before = await CountRowsAsync();

        using var response = await admin.PostAsync(path, ApiApp.Json(body), ct);

        var error = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field == "email" ? "not a valid e-mail address" : "text-direction", error, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<(int, int, int, int)> CountRowsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext(app.ConnectionString);
        return (await db.Offers.CountAsync(ct), await db.OfferSends.CountAsync(ct), await db.Users.CountAsync(ct), await db.ApiTokens.CountAsync(ct));
    }
}
