using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Admin.Auth;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Security;

/// <summary>
/// An admin shuts a user out through <c>/api/users</c>: from then on the user's cookie and token are refused, the
/// cookie within <see cref="SessionRevalidation.Interval"/> (the clock is moved past it). A password reset and a
/// sign-out end the old sessions the same way. Only one test here makes an admin, so the bootstrap admin is the last
/// active one when it runs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ShutOutTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disable_RefusesTheUsersTokenAtOnce_AndTheirCookieWithinSeconds_PageAndApi()
    {
        var staff = await app.CreateUserAsync();
        using var browser = WithCookie(await TestCookies.SignedInAsync(app.Factory.Services, staff.Id));
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/api/offer-sends", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);

        using var admin = app.Admin();
        using var disabled = await admin.PostAsync($"/api/users/{staff.Id}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("disabled").GetBoolean());

        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.Client.GetAsync("/api/offer-sends", Ct)).StatusCode);
        app.Clock.Advance(SessionRevalidation.Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/api/tokens", new { name = "again" }, Ct)).StatusCode);
        using var page = await browser.GetAsync("/offer-sends", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Enable_LetsTheUserSignInAgain_ButTheirOldTokensStayRevoked()
    {
        var staff = await app.CreateUserAsync();
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{staff.Id}/disable", null, Ct)).StatusCode);

        using var enabled = await admin.PostAsync($"/api/users/{staff.Id}/enable", null, Ct);
        using var browser = WithCookie(await TestCookies.SignedInAsync(app.Factory.Services, staff.Id));

        Assert.False((await enabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.Client.GetAsync("/api/offer-sends", Ct)).StatusCode);
    }

    [Fact]
    public async Task UsersList_GivesRoleDisabledAndLastSignIn_ToAdmins_AndStaffGetForbidden()
    {
        var staff = await app.CreateUserAsync();
        using var admin = app.Admin();

        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct);
        var row = users.EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == staff.Id);

        Assert.Equal(("Staff", false, JsonValueKind.Null), (row.GetProperty("role").GetString(), row.GetProperty("disabled").GetBoolean(), row.GetProperty("lastSignInAt").ValueKind));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.GetAsync("/api/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.PostAsync($"/api/users/{staff.Id}/disable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/users/{Guid.NewGuid()}/disable", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDisabled()
    {
        var second = await app.CreateUserAsync("Admin");
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{second.Id}/disable", null, Ct)).StatusCode);
        var self = (await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct)).EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == MajsterAppFactory.AdminEmail).GetProperty("id").GetGuid();

        using var refused = await admin.PostAsync($"/api/users/{self}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("last active admin", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task ResetPassword_MakesAPasswordThatMeetsTheRules_EveryTime()
    {
        var staff = await app.CreateUserAsync();
        var administration = app.Factory.Services.GetRequiredService<UserAdministration>();

        // Random letters alone lack a digit about once in fifteen: fifty resets would meet that almost surely.
        for (var i = 0; i < 50; i++)
        {
            var reset = await administration.ResetPasswordAsync(staff.Id, Ct);
            Assert.True(reset.IsOk, $"Reset {i} failed: {reset.Error}");
        }
    }

    [Fact]
    public async Task ResetPassword_EndsTheOldSessions_WhileTheTokenKeepsWorking()
    {
        var staff = await app.CreateUserAsync();
        using var browser = WithCookie(await TestCookies.SignedInAsync(app.Factory.Services, staff.Id));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);

        var reset = await app.Factory.Services.GetRequiredService<UserAdministration>().ResetPasswordAsync(staff.Id, Ct);
        app.Clock.Advance(SessionRevalidation.Interval + TimeSpan.FromSeconds(1));

        Assert.Matches(@"^Mj[0-9]-", reset.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/api/offer-sends", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_IsRefused_AndWithIt_EndsTheSessionOnTheServer()
    {
        var staff = await app.CreateUserAsync();
        var (cookie, formToken) = await TestCookies.SignedInWithFormTokenAsync(app.Factory.Services, staff.Id);
        using var browser = WithCookie(cookie);

        using var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);
        app.Clock.Advance(SessionRevalidation.Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);

        using var signedOut = await browser.PostAsync("/account/logout", Form(("__RequestVerificationToken", formToken)), Ct);
        app.Clock.Advance(SessionRevalidation.Interval + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/offer-sends", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/\\evil.test", "/")]
    [InlineData("//evil.test", "/")]
    [InlineData("https://evil.test/", "/")]
    [InlineData("/offer-sends?status=failed", "/offer-sends?status=failed")]
    public async Task LanguageSwitch_GoesBackOnlyToALocalAddress_ElseHome(string returnUrl, string expected)
    {
        var staff = await app.CreateUserAsync();
        var (cookie, formToken) = await TestCookies.SignedInWithFormTokenAsync(app.Factory.Services, staff.Id);
        using var browser = WithCookie(cookie);

        using var response = await browser.PostAsync(
            "/account/culture", Form(("__RequestVerificationToken", formToken), ("culture", "pl-PL"), ("returnUrl", returnUrl)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    private HttpClient WithCookie(string cookie) => TestCookies.Browser(app.Factory, cookie);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));
}
