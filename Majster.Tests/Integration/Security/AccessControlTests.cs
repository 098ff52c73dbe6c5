using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Majster.Tests.Integration.Security;

/// <summary>Staff reach neither admin endpoints nor the Hangfire dashboard, and no endpoint that takes an id lets one staff member touch another's row.</summary>
[Trait("Category", "Integration")]
public sealed class AccessControlTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_Get403_FromEveryAdminEndpoint()
    {
        var staff = await app.CreateUserAsync();

        using var create = await staff.Client.PostAsJsonAsync("/api/users", new { email = $"x-{Guid.NewGuid():N}@tests.local", password = "Staff-password-123", role = "Admin" }, Ct);
        using var issue = await staff.Client.PostAsJsonAsync($"/api/users/{staff.Id}/tokens", new { name = "escalate" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
    }

    [Fact]
    public async Task HangfireDashboard_OpensForAnAdminOnly()
    {
        var staff = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync("Admin");

        var anonymous = await DashboardStatusAsync(cookie: null, bearer: null);
        var staffCookie = await DashboardStatusAsync(await TestCookies.SignedInAsync(app.Factory.Services, staff.Id), bearer: null);
        var staffToken = await DashboardStatusAsync(cookie: null, bearer: staff.Token);
        var adminCookie = await DashboardStatusAsync(await TestCookies.SignedInAsync(app.Factory.Services, admin.Id), bearer: null);

        Assert.NotEqual(HttpStatusCode.OK, anonymous);
        Assert.NotEqual(HttpStatusCode.OK, staffCookie);
        Assert.NotEqual(HttpStatusCode.OK, staffToken);
        Assert.Equal(HttpStatusCode.OK, adminCookie);
    }

    /// <summary>
    /// Enumerated from the OpenAPI document, so a new endpoint with an id is covered the day it is mapped: staff B
    /// calling it with staff A's id gets 404 (or 403 where only admins may call), and A's row is untouched.
    /// </summary>
    [Fact]
    public async Task EveryEndpointTakingAnId_RefusesAnotherStaffMembersRow()
    {
        var owner = await app.CreateUserAsync();
        var intruder = await app.CreateUserAsync();
        var sendId = await app.CreateSendAsync(owner);
        var offerId = (await app.ReadSendAsync(sendId)).OfferId;
        var tokens = await owner.Client.GetFromJsonAsync<JsonElement>("/api/tokens", Ct);
        var tokenId = tokens.EnumerateArray().First().GetProperty("id").ToString();
        var ownersRows = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["offers"] = offerId.ToString(),
            ["offer-sends"] = sendId.ToString(),
            ["users"] = owner.Id.ToString(),
            ["tokens"] = tokenId,
        };
        var before = await app.SnapshotAsync(sendId);

        var checkedCalls = 0;
        foreach (var (method, template) in await EndpointsWithAnIdAsync())
        {
            var resource = template.Split("/{id}")[0].Split('/')[^1];
            Assert.True(ownersRows.TryGetValue(resource, out var id), $"{method} {template}: add a row of '{resource}' owned by another user to this test.");
            using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{id}", id, StringComparison.Ordinal));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = JsonContent.Create(new { name = "intruder", scheduledFor = "2030-01-01T10:00:00Z" });
            }

            using var response = await intruder.Client.SendAsync(request, Ct);

            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{method} {template} with another user's id answered {(int)response.StatusCode}");
            checkedCalls++;
        }

        Assert.True(checkedCalls >= 7, $"only {checkedCalls} endpoints with an id were found in the OpenAPI document");
        Assert.Equal(before, await app.SnapshotAsync(sendId));
        using var ownerStillWorks = await owner.Client.GetAsync("/api/tokens", Ct);
        Assert.Contains(tokenId, await ownerStillWorks.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<List<(string Method, string Template)>> EndpointsWithAnIdAsync()
    {
        using var client = app.Anonymous();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        return
        [
            .. document.GetProperty("paths").EnumerateObject()
                .Where(path => path.Name.Contains("{id}", StringComparison.Ordinal))
                .SelectMany(path => path.Value.EnumerateObject()
                    .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete")
                    .Select(operation => (operation.Name.ToUpperInvariant(), path.Name))),
        ];
    }

    private async Task<HttpStatusCode> DashboardStatusAsync(string? cookie, string? bearer)
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
