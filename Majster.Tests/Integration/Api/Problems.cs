using System.Net;
using System.Text.Json;

namespace Majster.Tests.Integration.Api;

/// <summary>Asserts the error shape every 4xx/5xx has: ProblemDetails with <c>success: false</c> and an <c>error</c> message.</summary>
public static class Problems
{
    public static async Task<string> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(root.GetProperty("success").GetBoolean());
        var error = root.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return error!;
    }
}
