using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Accounts;
using Majster.Tests.Integration.Api;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Security;

/// <summary>Tokens cannot breed: only a signed-in session issues them, at most 20 active per user, each may expire.</summary>
[Trait("Category", "Integration")]
public sealed class TokenMintingTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IssuingAToken_WithABearerToken_IsForbidden_ForOneselfAndByAnAdminForOneself()
    {
        var staff = await app.CreateUserAsync();
        using var admin = app.Admin();
        var adminId = await app.AdminIdAsync();

        using var bySelf = await staff.Client.PostAsJsonAsync("/api/tokens", new { name = "bred" }, Ct);
        using var byAdminForSelf = await admin.PostAsJsonAsync($"/api/users/{adminId}/tokens", new { name = "bred" }, Ct);

        await Problems.AssertAsync(bySelf, HttpStatusCode.Forbidden);
        await Problems.AssertAsync(byAdminForSelf, HttpStatusCode.Forbidden);
        Assert.Single(await staff.Client.GetFromJsonAsync<JsonElement[]>("/api/tokens", Ct) ?? []);
    }

    [Fact]
    public async Task AnAdminsBearerToken_CannotIssueTokensForOtherUsers_SoTwoAdminsTokensCannotMintEachOther_WhileTheirSessionsCan()
    {
        var staff = await app.CreateUserAsync();
        var secondAdmin = await app.CreateUserAsync("Admin");
        using var admin = app.Admin();
        var adminId = await app.AdminIdAsync();
        var before = await CountTokensAsync();

        using var forSecondAdmin = await admin.PostAsJsonAsync($"/api/users/{secondAdmin.Id}/tokens", new { name = "bred" }, Ct);
        using var backForFirstAdmin = await secondAdmin.Client.PostAsJsonAsync($"/api/users/{adminId}/tokens", new { name = "bred" }, Ct);
        using var forStaff = await admin.PostAsJsonAsync($"/api/users/{staff.Id}/tokens", new { name = "bred" }, Ct);
        var afterBearers = await CountTokensAsync();
        using var session = await app.AdminSessionAsync();
        using var fromSession = await session.PostAsJsonAsync($"/api/users/{staff.Id}/tokens", new { name = "integration" }, Ct);

        foreach (var refused in new[] { forSecondAdmin, backForFirstAdmin, forStaff })
        {
            var problem = await Problems.AssertAsync(refused, HttpStatusCode.Forbidden);
            Assert.Contains("signed-in session", problem, StringComparison.Ordinal);
        }

        Assert.Equal(before, afterBearers);
        Assert.Equal(HttpStatusCode.Created, fromSession.StatusCode);
        Assert.Equal(2, (await staff.Client.GetFromJsonAsync<JsonElement[]>("/api/tokens", Ct) ?? []).Length);
    }

    [Fact]
    public async Task ASession_IssuesUpToTwentyActiveTokens_AndTheNextIsAConflictSayingSo()
    {
        var staff = await app.CreateUserAsync();
        using var session = await SessionAsync(staff);
        var issued = new List<HttpStatusCode>();
        for (var count = 1; count < ApiTokenService.MaxActivePerUser; count++)
        {
            issued.Add((await session.PostAsJsonAsync("/api/tokens", new { name = $"laptop {count}" }, Ct)).StatusCode);
        }

        using var beyond = await session.PostAsJsonAsync("/api/tokens", new { name = "one too many" }, Ct);
        var revokeOne = (await session.GetFromJsonAsync<JsonElement>("/api/tokens", Ct))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await session.DeleteAsync($"/api/tokens/{revokeOne}", Ct)).StatusCode);
        using var afterRevoking = await session.PostAsJsonAsync("/api/tokens", new { name = "replacement" }, Ct);

        Assert.All(issued, status => Assert.Equal(HttpStatusCode.Created, status));
        var problem = await Problems.AssertAsync(beyond, HttpStatusCode.Conflict);
        Assert.Contains("20 active tokens", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, afterRevoking.StatusCode);
    }

    [Fact]
    public async Task AnExpiringToken_WorksUntilItsExpiry_ThenIsRefused()
    {
        var staff = await app.CreateUserAsync();
        using var session = await SessionAsync(staff);
        using var past = await session.PostAsJsonAsync("/api/tokens", new { name = "past", expiresAt = app.Clock.GetUtcNow().AddMinutes(-1) }, Ct);
        using var created = await session.PostAsJsonAsync("/api/tokens", new { name = "a day", expiresAt = app.Clock.GetUtcNow().AddDays(1) }, Ct);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var client = app.WithToken(body.GetProperty("token").GetString()!);

        await Problems.AssertAsync(past, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/offer-sends", Ct)).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1) + ApiTokenCache.Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/offer-sends", Ct)).StatusCode);
        var listed = await session.GetFromJsonAsync<JsonElement>("/api/tokens", Ct);
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("expiresAt").ValueKind == JsonValueKind.String);
    }

    private Task<HttpClient> SessionAsync(TestUser user) => TestCookies.SessionAsync(app.Factory, user.Id);

    private async Task<int> CountTokensAsync()
    {
        await using var db = Support.Database.CreateContext(app.ConnectionString);
        return await db.ApiTokens.CountAsync(Ct);
    }
}
