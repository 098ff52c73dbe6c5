using System.Net.Http.Headers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// Shutting someone out, as an admin does it in Chromium, in English and Polish: every action of the users page works
/// (no error banner), those that shut someone out asking first, and a disabled person's open page goes to the sign-in page within seconds, their cookie refused.
/// The sign-in page wears the app's theme in both languages, on a phone and a desktop.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ShutOutBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(20);

    /// <summary>What the users page says in one language: its buttons, the states, the created and reset messages.</summary>
    private sealed record UsersPageWords(
        string Culture, string Password, string CreateUser, string Created, string ResetPassword, string NewPassword,
        string Disable, string Disabled, string Enable, string Active, string Cancel, string SomethingWentWrong);

    private static readonly Dictionary<string, UsersPageWords> UsersPageLanguages = new UsersPageWords[]
    {
        new("en-GB", "Password", "Create user", "User created.", "Reset password", "New password: Mj", "Disable", "Disabled", "Enable", "Active", "Cancel", "Something went wrong"),
        new("pl-PL", "Hasło", "Utwórz użytkownika", "Utworzono użytkownika.", "Resetuj hasło", "Nowe hasło: Mj", "Zablokuj", "Zablokowany", "Odblokuj", "Aktywny", "Anuluj", "Coś poszło nie tak"),
    }.ToDictionary(w => w.Culture);

    [Theory]
    [InlineData("en-GB")]
    [InlineData("pl-PL")]
    public async Task UsersPage_CreateResetPasswordDisableAndEnable_EachWorks_AndTheShuttingOutOnesAskFirst(string culture)
    {
        var words = UsersPageLanguages[culture];
        await SetAdminCultureAsync(culture);
        var email = $"new-{Guid.NewGuid():N}@tests.local";
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GotoAsync("/admin/users");
        await page.WaitForInteractiveAsync();

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel(words.Password).FillAsync("New-staff-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = words.CreateUser }).ClickAsync();
        await Assertions.Expect(page.GetByText(words.Created)).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync(words.Active);

        await ActAsync(page, row, words.ResetPassword, email, words.Cancel, cancelFirst: true);
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex(words.NewPassword + "[0-9]-"))).ToBeVisibleAsync();
        await ActAsync(page, row, words.Disable, email, words.Cancel);
        await Assertions.Expect(row).ToContainTextAsync(words.Disabled);
        await ActAsync(page, row, words.Enable, email, words.Cancel);
        await Assertions.Expect(row).ToContainTextAsync(words.Active);

        // Neither the page's error banner nor the circuit's.
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByText(words.SomethingWentWrong)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"users-{words.Culture[..2]}.png"), FullPage = true });
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

    /// <summary>The admin's language for the pages they open next.</summary>
    private async Task SetAdminCultureAsync(string culture)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        var admin = await db.Users.SingleAsync(u => u.Email == MajsterAppFactory.AdminEmail, TestContext.Current.CancellationToken);
        admin.Culture = culture;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Clicks the row's action; the dialog names the person; optionally cancels once (nothing happens), then confirms.</summary>
    private static async Task ActAsync(IPage page, ILocator row, string action, string email, string cancel, bool cancelFirst = false)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        if (cancelFirst)
        {
            await row.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
            await Assertions.Expect(dialog).ToContainTextAsync(email);
            await dialog.GetByRole(AriaRole.Button, new() { Name = cancel }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync(email);
        await dialog.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }
}
