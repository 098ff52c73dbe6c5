using Majster.Admin.Security;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Majster.Tests.Integration.Security;

/// <summary>Every response carries the security headers; the CSP is strict for the app and looser only for the two tools.</summary>
[Trait("Category", "Integration")]
public sealed class SecurityHeadersTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", SecurityHeaders.AppPolicy)]
    [InlineData("/health", SecurityHeaders.AppPolicy)]
    [InlineData("/health/ready", SecurityHeaders.AppPolicy)]
    [InlineData("/api/offer-sends", SecurityHeaders.AppPolicy)]
    [InlineData("/openapi/v1.json", SecurityHeaders.AppPolicy)]
    [InlineData("/metrics", SecurityHeaders.AppPolicy)]
    [InlineData("/no-such-page", SecurityHeaders.AppPolicy)]
    [InlineData("/scalar/v1", SecurityHeaders.ToolPolicy)]
    [InlineData("/hangfire", SecurityHeaders.ToolPolicy)]
    public async Task Response_CarriesTheSecurityHeaders_WithThePathsPolicy(string path, string policy)
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://majster.example") });

        using var response = await client.GetAsync(path, Ct);

        var headers = response.Headers;
        Assert.Equal(policy, Assert.Single(headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(headers.GetValues("X-Frame-Options")));
        Assert.StartsWith("max-age=", Assert.Single(headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public void AppPolicy_LetsBlazorServerAndMudBlazorWork_AndFramesOnlyItsOwnPreview()
    {
        var directives = SecurityHeaders.AppPolicy.Split("; ").ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", directives["style-src"]);
        Assert.Equal("'self' ws: wss:", directives["connect-src"]);
        Assert.Equal("'self' data:", directives["img-src"]);
        Assert.Equal("'self'", directives["frame-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
    }

    [Fact]
    public async Task ErrorResponses_CarryTheHeadersToo()
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offer-sends") { Content = ApiApp.Json("{") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MajsterAppFactory.AdminApiToken);

        using var response = await client.SendAsync(request, Ct);

        Assert.False(response.IsSuccessStatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.True(response.Headers.Contains("X-Content-Type-Options"));
    }
}
