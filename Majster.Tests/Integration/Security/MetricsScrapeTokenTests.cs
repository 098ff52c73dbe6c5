using System.Net;
using System.Net.Http.Headers;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Security;

/// <summary>The app with <c>Metrics:ScrapeToken</c> set.</summary>
public sealed class ScrapeTokenApp(PostgresCluster cluster) : ApiApp(cluster)
{
    public const string ScrapeToken = "scrape-test-token-4f1b2c";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Metrics:ScrapeToken", ScrapeToken)];
}

/// <summary>With a scrape token, <c>/metrics</c> answers only <c>Authorization: Bearer &lt;it&gt;</c>, as Prometheus's <c>authorization</c> sends it.</summary>
[Trait("Category", "Integration")]
public sealed class MetricsScrapeTokenTests(ScrapeTokenApp app) : IClassFixture<ScrapeTokenApp>
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-token", HttpStatusCode.Unauthorized)]
    [InlineData(MajsterAppFactory.AdminApiToken, HttpStatusCode.Unauthorized)]
    [InlineData(ScrapeTokenApp.ScrapeToken, HttpStatusCode.OK)]
    public async Task Metrics_AnswerOnlyTheScrapeToken(string? bearer, HttpStatusCode expected)
    {
        using var client = app.Anonymous();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains("# TYPE", StringComparison.Ordinal));
    }
}
