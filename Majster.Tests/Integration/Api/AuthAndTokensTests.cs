using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Accounts;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Api;

/// <summary>Bearer tokens (issue, list, revoke, hashed at rest, last use), roles (403 for staff) and 401s without redirects.</summary>
[Trait("Category", "Integration")]
public sealed class AuthAndTokensTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokedToken_IsRefused_WithUnauthorized()
    {
        var staff = await app.CreateUserAsync();
        using var session = await SignedInAsync(staff);
        var issued = await (await session.PostAsJsonAsync("/api/tokens", new { name = "ci" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var tokenId = issued.GetProperty("id").GetGuid();
        using var second = app.WithToken(issued.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/offer-sends", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.Client.DeleteAsync($"/api/tokens/{tokenId}", Ct)).StatusCode);

        var refused = await second.GetAsync("/api/offer-sends", Ct);
        await Problems.AssertAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/api/offer-sends", Ct)).StatusCode);
        var listed = await staff.Client.GetFromJsonAsync<JsonElement>("/api/tokens", Ct);
        var revoked = listed.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tokenId);
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        Assert.False(revoked.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Tokens_AreStoredOnlyAsTheirSha256_AndTheirLastUseIsKept()
    {
        var staff = await app.CreateUserAsync();
        await using var db = Database.CreateContext(app.ConnectionString);

        var stored = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.UserId == staff.Id, Ct);

        Assert.Equal(ApiToken.Hash(staff.Token), stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
        var plaintextAnywhere = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM api_tokens WHERE token_hash = {staff.Token} OR name = {staff.Token}")
            .SingleAsync(Ct);
        Assert.Equal(0, plaintextAnywhere);
    }

    [Fact]
    public async Task LastUsedAt_IsWrittenOnUse_AtMostOncePerMinute()
    {
        var staff = await app.CreateUserAsync();
        async Task<DateTimeOffset?> LastUsedAfterACall()
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/api/tokens", Ct)).StatusCode);
            await using var db = Database.CreateContext(app.ConnectionString);
            return (await db.ApiTokens.AsNoTracking().SingleAsync(t => t.UserId == staff.Id, Ct)).LastUsedAt;
        }

        var first = await LastUsedAfterACall();
        Assert.Equal(app.Clock.GetUtcNow(), first);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(first, await LastUsedAfterACall());
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(app.Clock.GetUtcNow(), await LastUsedAfterACall());
    }

    [Fact]
    public async Task Another_UsersToken_CannotBeRevoked()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var tokenId = (await owner.Client.GetFromJsonAsync<JsonElement>("/api/tokens", Ct))[0].GetProperty("id").GetGuid();

        await Problems.AssertAsync(await other.Client.DeleteAsync($"/api/tokens/{tokenId}", Ct), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync("/api/offers", Ct)).StatusCode);
    }

    [Fact]
    public async Task Admin_ListsAnotherUsersTokens_AndRevokesThem()
    {
        var staff = await app.CreateUserAsync();
        using var session = await SignedInAsync(staff);
        var second = await (await session.PostAsJsonAsync("/api/tokens", new { name = "laptop" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var secondClient = app.WithToken(second.GetProperty("token").GetString()!);
        using var admin = app.Admin();

        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{staff.Id}/tokens", Ct);
        var ids = listed.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(listed.EnumerateArray(), t => Assert.False(t.TryGetProperty("token", out _)));
        var first = ids.Single(id => id != second.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{staff.Id}/tokens/{first}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{second.GetProperty("id").GetGuid()}", Ct)).StatusCode);

        await Problems.AssertAsync(await staff.Client.GetAsync("/api/offers", Ct), HttpStatusCode.Unauthorized);
        await Problems.AssertAsync(await secondClient.GetAsync("/api/offers", Ct), HttpStatusCode.Unauthorized);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/users/{staff.Id}/tokens", Ct);
        Assert.All(after.EnumerateArray(), t => Assert.NotEqual(JsonValueKind.Null, t.GetProperty("revokedAt").ValueKind));
    }

    [Fact]
    public async Task Admin_CannotRevokeAToken_UnderAUserItDoesNotBelongTo()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var tokenId = (await owner.Client.GetFromJsonAsync<JsonElement>("/api/tokens", Ct))[0].GetProperty("id").GetGuid();
        using var admin = app.Admin();

        await Problems.AssertAsync(await admin.DeleteAsync($"/api/users/{other.Id}/tokens/{tokenId}", Ct), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await admin.GetAsync($"/api/users/{Guid.NewGuid()}/tokens", Ct), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync("/api/offers", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_CannotListOrRevokeTokensOfUsers()
    {
        var staff = await app.CreateUserAsync();
        var tokenId = (await staff.Client.GetFromJsonAsync<JsonElement>("/api/tokens", Ct))[0].GetProperty("id").GetGuid();

        await Problems.AssertAsync(await staff.Client.GetAsync($"/api/users/{staff.Id}/tokens", Ct), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await staff.Client.DeleteAsync($"/api/users/{staff.Id}/tokens/{tokenId}", Ct), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/api/offers", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_CannotCreateUsersOrIssueTokensForOthers()
    {
        var staff = await app.CreateUserAsync();
        await using var db = Database.CreateContext(app.ConnectionString);
        var users = await db.Users.CountAsync(Ct);

        await Problems.AssertAsync(
            await staff.Client.PostAsJsonAsync("/api/users", new { email = "new@tests.local", password = "Staff-password-123" }, Ct),
            HttpStatusCode.Forbidden);
        await Problems.AssertAsync(
            await staff.Client.PostAsJsonAsync($"/api/users/{staff.Id}/tokens", new { name = "x" }, Ct),
            HttpStatusCode.Forbidden);

        Assert.Equal(users, await db.Users.CountAsync(Ct));
    }

    [Fact]
    public async Task Admin_CreatesAnAdmin_WhoMayCreateUsers()
    {
        var admin = await app.CreateUserAsync(Roles.Admin);

        var created = await admin.Client.PostAsJsonAsync("/api/users", new { email = $"s-{Guid.NewGuid():N}@tests.local", password = "Staff-password-123" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Staff", (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("/api/offer-sends")]
    [InlineData("/api/metrics")]
    [InlineData("/api/tokens")]
    public async Task UnauthenticatedApiCalls_AnswerUnauthorized_NotARedirectToTheLoginPage(string path)
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await Problems.AssertAsync(await client.GetAsync(path, Ct), HttpStatusCode.Unauthorized);
    }

    /// <summary>The user's browser session (tokens are issued from one, never by a token).</summary>
    private Task<HttpClient> SignedInAsync(TestUser user) => Security.TestCookies.SessionAsync(app.Factory, user.Id);
}
