using System.Net.Http.Headers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// Shutting someone out, as an admin does it in Chromium: every action of the users page asks first and works (no
/// error banner), and a disabled person's open page goes to the sign-in page within seconds, their cookie refused.
/// The sign-in page wears the app's theme in both languages, on a phone and a desktop.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ShutOutBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UsersPage_ResetPasswordDisableAndEnable_EachAsksFirst_AndWorks()
    {
        var email = await app.CreateStaffAsync();
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GotoAsync("/admin/users");
        await page.WaitForInteractiveAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });

        await ActAsync(page, row, "Reset password", email, cancelFirst: true);
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("New password: Mj[0-9]-"))).ToBeVisibleAsync();
        await ActAsync(page, row, "Disable", email);
        await Assertions.Expect(row).ToContainTextAsync("Disabled");
        await ActAsync(page, row, "Enable", email);
        await Assertions.Expect(row).ToContainTextAsync("Active");

        // Neither the page's error banner nor the circuit's.
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByText("Something went wrong")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "users.png"), FullPage = true });
    }

    [Fact]
    public async Task DisabledUser_TheirOpenPageGoesToSignIn_AndTheirCookieIsRefused_WithinSeconds()
    {
        var email = await app.CreateStaffAsync();
        var page = await app.SignedInAsync(email, BrowserFixture.StaffPassword);
        await page.GotoAsync("/offer-sends");
        await page.WaitForInteractiveAsync();
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/api/offer-sends")).Status);

        using var admin = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MajsterAppFactory.AdminApiToken);
        var users = await admin.GetStringAsync("/api/users", TestContext.Current.CancellationToken);
        var id = System.Text.Json.JsonDocument.Parse(users).RootElement.EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
        using var disabled = await admin.PostAsync($"/api/users/{id}/disable", null, TestContext.Current.CancellationToken);
        Assert.True(disabled.IsSuccessStatusCode);

        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = (float)WithinSeconds.TotalMilliseconds });
        Assert.Equal(401, (await page.Context.APIRequest.GetAsync("/api/offer-sends")).Status);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_ACopyOfTheOldCookieIsRefused()
    {
        var page = await app.SignedInAsync(await app.CreateStaffAsync(), BrowserFixture.StaffPassword);
        var copy = await page.Context.CookiesAsync();
        await using var elsewhere = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        await elsewhere.AddCookiesAsync(copy.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        Assert.Equal(200, (await elsewhere.APIRequest.GetAsync("/api/offer-sends")).Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));

        var refused = await Poll.UntilAsync(
            async () => (await elsewhere.APIRequest.GetAsync("/api/offer-sends")).Status, status => status == 401, WithinSeconds, "the old cookie's refusal");
        Assert.Equal(401, refused);
    }

    [Theory]
    [InlineData("en-GB", "Sign in", "Wrong e-mail or password.")]
    [InlineData("pl-PL", "Zaloguj", "Nieprawidłowy e-mail lub hasło.")]
    public async Task SignInPage_WearsTheAppsTheme_OnAPhoneAndADesktop(string locale, string signIn, string refused)
    {
        foreach (var (width, height, device) in new[] { (390, 844, "phone"), (1280, 800, "desktop") })
        {
            await using var context = await app.Browser.NewContextAsync(new()
            {
                BaseURL = app.BaseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.Locator("input[type=email]").FillAsync($"nobody-{Guid.NewGuid():N}@tests.local");
            await page.Locator("input[type=password]").FillAsync("Wrong-password-1");
            var button = page.GetByRole(AriaRole.Button, new() { Name = signIn });
            await button.ClickAsync();
            var alert = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync(refused);

            Assert.Equal("rgb(89, 74, 226)", await button.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.Equal("rgb(198, 40, 40)", await alert.EvaluateAsync<string>("e => getComputedStyle(e).color"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"sign-in-{locale[..2]}-{device}.png") });
        }
    }

    /// <summary>Clicks the row's action; the dialog names the person; optionally cancels once (nothing happens), then confirms.</summary>
    private static async Task ActAsync(IPage page, ILocator row, string action, string email, bool cancelFirst = false)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        if (cancelFirst)
        {
            await row.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
            await Assertions.Expect(dialog).ToContainTextAsync(email);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync(email);
        await dialog.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }
}
