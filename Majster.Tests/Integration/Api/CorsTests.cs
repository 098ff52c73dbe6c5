using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using Majster.Admin.Api;
using Majster.Tests.Integration.Security;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Api;

/// <summary>The app with one browser origin listed in <c>Api:CorsOrigins</c>.</summary>
public sealed class CorsApiApp(PostgresCluster cluster) : ApiApp(cluster)
{
    public const string Listed = "https://app.majster.example";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Api:CorsOrigins:0", Listed)];
}

/// <summary>
/// Cross-origin calls: a listed origin's preflights are answered on the API's paths with the methods and headers the
/// original frontend's Supabase client uses, any other origin gets no <c>Access-Control-*</c> header, and the UI's
/// cookie is never honoured on a cross-origin request.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CorsTests(CorsApiApp app) : IClassFixture<CorsApiApp>
{
    private const string Elsewhere = "https://evil.example";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/functions/v1/schedule-offer", "POST")]
    [InlineData("/schedule-offer", "POST")]
    [InlineData("/api/offer-sends", "GET")]
    [InlineData("/api/offers", "POST")]
    [InlineData("/api/tokens/5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "DELETE")]
    public async Task Preflight_FromAListedOrigin_IsAnsweredWithTheSupabaseClientsMethodsAndHeaders(string path, string method)
    {
        using var client = app.Anonymous();

        var response = await client.SendAsync(Preflight(path, CorsApiApp.Listed, method), Ct);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(CorsApiApp.Listed, Single(response, "Access-Control-Allow-Origin"));
        var methods = Single(response, "Access-Control-Allow-Methods")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Superset(new HashSet<string>(["POST", "GET", "DELETE"]), methods.ToHashSet());
        var headers = Single(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(new HashSet<string>(["authorization", "x-client-info", "apikey", "content-type"], StringComparer.OrdinalIgnoreCase), headers);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/functions/v1/schedule-offer")]
    [InlineData("/api/offer-sends")]
    public async Task Preflight_FromAnotherOrigin_GetsNoAccessControlHeader(string path)
    {
        using var client = app.Anonymous();

        var response = await client.SendAsync(Preflight(path, Elsewhere, "POST"), Ct);

        Assert.Empty(AccessControlHeaders(response));
    }

    [Fact]
    public async Task Call_FromAListedOrigin_MayReadTheAnswerAndItsETag_AnotherOriginMayNot()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var listed = await GetAsync(staff.Client, $"/api/offer-sends/{id}", CorsApiApp.Listed);
        var other = await GetAsync(staff.Client, $"/api/offer-sends/{id}", Elsewhere);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(CorsApiApp.Listed, Single(listed, "Access-Control-Allow-Origin"));
        Assert.Contains("ETag", Single(listed, "Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(AccessControlHeaders(other));
    }

    [Fact]
    public async Task TheUisCookie_IsIgnoredOnACrossOriginRequest_AndHonouredOnTheAppsOwn()
    {
        var staff = await app.CreateUserAsync();
        var cookie = await TestCookies.SignedInAsync(app.Factory.Services, staff.Id);
        using var client = app.Anonymous();

        async Task<HttpResponseMessage> WithCookie(Action<HttpRequestMessage> adjust)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/offer-sends");
            request.Headers.Add("Cookie", cookie);
            adjust(request);
            return await client.SendAsync(request, Ct);
        }

        var own = await WithCookie(r => r.Headers.Add("Origin", "http://localhost"));
        var listedOrigin = await WithCookie(r => r.Headers.Add("Origin", CorsApiApp.Listed));
        var sameSite = await WithCookie(r => r.Headers.Add("Sec-Fetch-Site", "same-site"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await Problems.AssertAsync(listedOrigin, HttpStatusCode.Unauthorized);
        await Problems.AssertAsync(sameSite, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("https://app.example.com/path")]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://user@app.example.com")]
    public void Options_RefuseAnythingButAnOrigin(string origin)
    {
        var options = new ApiOptions { CorsOrigins = [origin] };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains("Api:CorsOrigins", results.Single().ErrorMessage, StringComparison.Ordinal);
    }

    internal static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization, x-client-info, apikey, content-type");
        return request;
    }

    internal static IEnumerable<string> AccessControlHeaders(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

    private static string? Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : null;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request, Ct);
    }
}

/// <summary>With no <c>Api:CorsOrigins</c>, no origin is answered.</summary>
[Trait("Category", "Integration")]
public sealed class CorsOffByDefaultTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Preflight_GetsNoAccessControlHeader_WhenNoOriginIsListed()
    {
        using var client = app.Anonymous();

        var response = await client.SendAsync(
            CorsTests.Preflight("/functions/v1/schedule-offer", CorsApiApp.Listed, "POST"), TestContext.Current.CancellationToken);

        Assert.Empty(CorsTests.AccessControlHeaders(response));
    }
}
