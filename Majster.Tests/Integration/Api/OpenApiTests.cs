using System.Net.Http.Json;
using System.Text.Json;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Api;

/// <summary>The OpenAPI document describes every endpoint with its schemas and error answers; Scalar serves the docs.</summary>
[Trait("Category", "Integration")]
public sealed class OpenApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Document_ListsTheEndpointsWithSchemasAndProblems()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.Anonymous();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/schedule-offer", "/functions/v1/schedule-offer", "/api/offers", "/api/offers/{id}", "/api/offer-sends",
            "/api/offer-sends/{id}", "/api/offer-sends/{id}/cancel", "/api/offer-sends/{id}/send-now", "/api/offer-sends/{id}/retry",
            "/api/metrics", "/api/users", "/api/users/{id}/tokens", "/api/tokens", "/api/tokens/{id}",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        var schedule = paths.GetProperty("/schedule-offer").GetProperty("post");
        Assert.True(schedule.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var responses = schedule.GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "404", "409", "413", "429" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"schedule-offer lacks {status}");
        }

        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { "ScheduleOfferRequest", "ScheduleOfferResponse", "OfferSendRow", "OfferSendResponse", "OfferSendMetricsSnapshot" })
        {
            Assert.True(schemas.TryGetProperty(schema, out _), $"missing schema {schema}");
        }

        Assert.True(schemas.GetProperty("OfferSendRow").GetProperty("properties").TryGetProperty("scheduled_for", out _));
    }

    [Fact]
    public async Task Document_DescribesSecurity_TheErrorEnvelope_Enums_Instants_AndNumbers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.Anonymous();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var components = document.GetProperty("components");
        var schemes = components.GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Cron-Secret", schemes.GetProperty("cronSecret").GetProperty("name").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/schedule-offer").GetProperty("post").GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.True(paths.GetProperty("/scheduler-worker").GetProperty("post").GetProperty("security")[0].TryGetProperty("cronSecret", out _));

        var schemas = components.GetProperty("schemas");
        var problem = schemas.GetProperty("ProblemDetails");
        Assert.Equal(["status", "success", "error"], problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Where(r => r is "status" or "success" or "error"));
        Assert.Equal("boolean", problem.GetProperty("properties").GetProperty("success").GetProperty("type").GetString());
        Assert.True(problem.GetProperty("properties").TryGetProperty("traceId", out _));
        Assert.Equal(["pending", "scheduled", "sent", "failed"], schemas.GetProperty("OfferSendStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("date-time", schemas.GetProperty("OfferSendRow").GetProperty("properties").GetProperty("scheduled_for").GetProperty("format").GetString());
        Assert.Equal("date-time", schemas.GetProperty("ScheduleOfferRequest").GetProperty("properties").GetProperty("scheduledFor").GetProperty("format").GetString());
        Assert.Equal("integer", schemas.GetProperty("OfferSendRow").GetProperty("properties").GetProperty("retry_count").GetProperty("type").GetString());
        Assert.Equal("number", schemas.GetProperty("CreateOfferRequest").GetProperty("properties").GetProperty("totalAmount").GetProperty("type").GetString());
        Assert.Equal(["offerId"], schemas.GetProperty("CreateOfferSendRequest").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var query = paths.GetProperty("/api/offer-sends").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal("integer", query["page"].GetProperty("type").GetString());
        Assert.Equal("integer", query["pageSize"].GetProperty("type").GetString());
        Assert.Equal("^(pending|scheduled|sent|failed)(,(pending|scheduled|sent|failed))*$", query["status"].GetProperty("pattern").GetString());
        Assert.Equal("date", query["from"].GetProperty("format").GetString());
        var scheduleResponses = paths.GetProperty("/schedule-offer").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "400", "401", "404", "409", "412", "413", "415", "429", "503" })
        {
            Assert.True(scheduleResponses.TryGetProperty(status, out _), $"schedule-offer lacks {status}");
        }
    }

    [Fact]
    public async Task Document_NamesNoServerFromTheRequestsHost()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";

        var document = await (await client.SendAsync(request, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal("/", document.GetProperty("servers").EnumerateArray().Single().GetProperty("url").GetString());
    }

    [Fact]
    public async Task Document_PassesRedoclysRecommendedRules_WithNoError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.Anonymous();
        var document = await client.GetStringAsync("/openapi/v1.json", ct);

        var lint = await Redocly.LintAsync(document, ct);

        Assert.True(lint.Errors == 0, $"{lint.Errors} errors:\n{lint.Report}");
    }

    [Fact]
    public async Task Scalar_ServesTheApiReference()
    {
        using var client = app.Anonymous();

        var response = await client.GetAsync("/scalar/v1", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>The app with <c>Api:PublicUrl</c> set.</summary>
public sealed class PublicUrlApiApp(PostgresCluster cluster) : ApiApp(cluster)
{
    public const string PublicUrl = "https://admin.majster.example";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Api:PublicUrl", PublicUrl)];
}

[Trait("Category", "Integration")]
public sealed class OpenApiServerTests(PublicUrlApiApp app) : IClassFixture<PublicUrlApiApp>
{
    [Fact]
    public async Task Document_NamesApiPublicUrlAsItsServer()
    {
        using var client = app.Anonymous();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(PublicUrlApiApp.PublicUrl, document.GetProperty("servers").EnumerateArray().Single().GetProperty("url").GetString());
    }
}
