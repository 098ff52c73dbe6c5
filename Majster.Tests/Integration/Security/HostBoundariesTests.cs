using System.Net;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Majster.Tests.Integration.Security;

/// <summary>
/// What the app itself enforces at its edge, as Production runs it: only the configured host names (<c>AllowedHosts</c>),
/// HSTS for a year, and no <c>/metrics</c> without a scrape token.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostBoundariesTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InProduction_AnotherHostGets400_HstsLastsAYear_AndMetricsAreNotServedWithoutAScrapeToken()
    {
        await using var production = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct))
            .WithSetting("environment", "Production")
            .WithSetting("AllowedHosts", "majster.example");
        using var site = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://majster.example") });
        using var elsewhere = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://evil.test") });

        using var health = await site.GetAsync("/health", Ct);
        using var otherHost = await elsewhere.GetAsync("/health", Ct);
        using var metrics = await site.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(health.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(HttpStatusCode.BadRequest, otherHost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
    }

    [Fact]
    public async Task TheTestSetup_WithAllowedHostsUnset_StillAnswersAnyHost()
    {
        await using var app = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });

        using var metrics = await client.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}
