using Majster.Core.Accounts;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Security;

/// <summary>The Identity cookie a signed-in user's browser would carry, minted with the app's own keys.</summary>
public static class TestCookies
{
    public static async Task<string> SignedInAsync(IServiceProvider services, Guid userId) =>
        (await SignedInWithFormTokenAsync(services, userId)).Cookie;

    /// <summary>A client that sends <paramref name="cookie"/> on every request and follows no redirect.</summary>
    public static HttpClient Browser(MajsterAppFactory factory, string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The user's signed-in browser session.</summary>
    public static async Task<HttpClient> SessionAsync(MajsterAppFactory factory, Guid userId) =>
        Browser(factory, await SignedInAsync(factory.Services, userId));

    /// <summary>
    /// The Identity cookie, with the antiforgery cookie and the form token a page of the app would give that user (the
    /// <c>Cookie</c> header carries both cookies).
    /// </summary>
    public static async Task<(string Cookie, string FormToken)> SignedInWithFormTokenAsync(IServiceProvider services, Guid userId)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<MajsterUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException($"No user {userId}.");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme);
        var identityCookie = $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";

        var page = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        var antiforgery = services.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(page);
        var cookieName = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        return ($"{identityCookie}; {cookieName}={tokens.CookieToken}", tokens.RequestToken!);
    }
}
