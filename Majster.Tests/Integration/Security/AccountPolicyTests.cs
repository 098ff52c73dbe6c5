using Majster.Core.Accounts;
using Majster.Tests.Integration.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Security;

/// <summary>Cookies, password policy and lockout as configured outside Development (the tests run as "Testing").</summary>
[Trait("Category", "Integration")]
public sealed class AccountPolicyTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public void Cookies_AreHttpOnlyAndLax_TheIdentityCookieAlwaysSecure_OutsideDevelopment()
    {
        var services = app.Factory.Services;
        var identity = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie;
        var antiforgery = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;

        Assert.Equal((true, CookieSecurePolicy.Always, SameSiteMode.Lax), (identity.HttpOnly, identity.SecurePolicy, identity.SameSite));
        Assert.Equal((true, CookieSecurePolicy.SameAsRequest, SameSiteMode.Lax), (antiforgery.HttpOnly, antiforgery.SecurePolicy, antiforgery.SameSite));
    }

    [Fact]
    public async Task Passwords_ShorterThanTen_AreRefused()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var email = $"weak-{Guid.NewGuid():N}@tests.local";

        var result = await users.CreateAsync(new MajsterUser { UserName = email, Email = email, CreatedAt = ApiApp.Now }, "Short-1");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort));
    }

    [Theory]
    [InlineData("pl-PL", "Hasło jest za krótkie: co najmniej 10 znaków. Hasło musi zawierać cyfrę. Hasło musi zawierać wielką literę.")]
    [InlineData("en-GB", "The password is too short: at least 10 characters. The password needs a digit. The password needs an upper-case letter.")]
    public async Task NewAccount_RefusedByThePasswordRules_SaysWhyInThePersonsLanguage(string culture, string expected)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<Majster.Admin.Auth.UserAccounts>();

            var outcome = await accounts.CreateAsync($"weak-{Guid.NewGuid():N}@tests.local", "krotkie", Roles.Staff);

            Assert.Equal(expected, outcome.Error);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }
}
