using System.Net.Http.Json;
using System.Text.Json;

namespace Majster.Tests.Integration.Api;

/// <summary>The OpenAPI document describes every endpoint with its schemas and error answers; Scalar serves the docs.</summary>
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
        foreach (var schema in new[] { "ScheduleOfferRequest", "ScheduleOfferResponse", "OfferSendRow", "OfferSendResponse", "MetricsResponse" })
        {
            Assert.True(schemas.TryGetProperty(schema, out _), $"missing schema {schema}");
        }

        Assert.True(schemas.GetProperty("OfferSendRow").GetProperty("properties").TryGetProperty("scheduled_for", out _));
    }

    [Fact]
    public async Task Scalar_ServesTheApiReference()
    {
        using var client = app.Anonymous();

        var response = await client.GetAsync("/scalar/v1", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
