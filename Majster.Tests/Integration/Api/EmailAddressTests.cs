using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Majster.Tests.Integration.Api;

/// <summary>The one address rule through the API: both forms of an internationalised domain, stored in one.</summary>
[Trait("Category", "Integration")]
public sealed class EmailAddressTests(ApiApp app) : IClassFixture<ApiApp>
{
    private const string Unicode = "jan@żółw.pl";
    private const string Ascii = "jan@xn--w-uga1v8h.pl";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Unicode)]
    [InlineData(Ascii)]
    public async Task OffersAndSends_TakeEitherFormOfAnIdnDomain_AndStoreItsAsciiForm(string address)
    {
        var staff = await app.CreateUserAsync();
        var offerId = await app.CreateOfferAsync(staff, clientEmail: address);
        var sendId = await app.CreateSendAsync(staff, new { clientEmail = address });

        var offer = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offers/{offerId}", Ct);

        Assert.Equal(Ascii, offer.GetProperty("clientEmail").GetString());
        Assert.Equal(Ascii, (await app.ReadSendAsync(sendId)).ClientEmail);
    }

    [Fact]
    public async Task Users_AreOneAccountWhicheverFormTheirDomainIsWrittenIn()
    {
        using var admin = app.Admin();
        var local = $"u{Guid.NewGuid():N}"[..20];

        var created = await admin.PostAsJsonAsync("/api/users", new { email = $"{local}@żółw.pl", password = "Staff-password-123" }, Ct);
        var again = await admin.PostAsJsonAsync("/api/users", new { email = $"{local}@xn--w-uga1v8h.pl", password = "Staff-password-123" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{local}@xn--w-uga1v8h.pl", (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("email").GetString());
        await Problems.AssertAsync(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("65 characters before the @")]
    [InlineData("jan@[127.0.0.1]")]
    public async Task Users_AreRefused_WhenTheAddressBreaksTheRule(string address)
    {
        using var admin = app.Admin();
        if (address.StartsWith("65", StringComparison.Ordinal))
        {
            address = new string('a', 65) + "@example.com";
        }

        var response = await admin.PostAsJsonAsync("/api/users", new { email = address, password = "Staff-password-123" }, Ct);

        Assert.Contains("email", await Problems.AssertAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
