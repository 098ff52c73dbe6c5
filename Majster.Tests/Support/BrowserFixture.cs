using Majster.Core;
using Majster.Core.Accounts;
using Majster.Tests.Browser.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Playwright;

namespace Majster.Tests.Support;

/// <summary>
/// The real app on a real loopback port (Kestrel), with the scheduler on, a scripted SMTP server, a staff user beside
/// the admin, a client site on a second loopback origin that the app lets call its API (<c>Api:CorsOrigins</c>), and
/// Debian's Chromium driven headless by Playwright (never a downloaded browser).
/// </summary>
public sealed class BrowserFixture(PostgresCluster cluster) : IAsyncLifetime
{
    public const string StaffPassword = "Staff-test-password-1";

    private IPlaywright? _playwright;

    public MajsterAppFactory Factory { get; private set; } = null!;
    public SmtpTestServer Smtp { get; private set; } = null!;
    public ClientSite Site { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's log, for diagnosing a failed browser test.</summary>
    public FakeLogCollector Logs { get; } = new();

    /// <summary>Where the tests save what a person would see.</summary>
    public static string ScreenshotDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Smtp = await SmtpTestServer.StartAsync(ct);
        Site = await ClientSite.StartAsync(ct);
        ConnectionString = await cluster.CreateDatabaseAsync(cancellationToken: ct);
        var port = LoopbackPorts.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        Factory = new MajsterAppFactory(ConnectionString)
            .WithSetting("Scheduler:Enabled", "true")
            .WithSetting("Scheduler:Cron", "0 0 1 1 *")
            .WithSetting("Smtp:Host", "127.0.0.1")
            .WithSetting("Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("Api:CorsOrigins:0", Site.Origin)
            .WithServices(services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(Logs)));
        Factory.UseKestrel(port);
        Factory.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A new staff member with the known password.</summary>
    public async Task<string> CreateStaffAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var email = $"staff-{Guid.NewGuid():N}@tests.local";
        var user = new MajsterUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, StaffPassword);
        Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Staff);
        return email;
    }

    /// <summary>A fresh browser context (no cookies) at a 1280×800 window.</summary>
    public Task<IPage> NewPageAsync() => Chromium.NewPageAsync(Browser, BaseUrl);

    /// <summary>How long the sign-in of <see cref="SignedInAsync"/> may take to land on a live page.</summary>
    private const float SetUpTimeout = 60_000;

    /// <summary>A fresh browser context signed in as <paramref name="email"/>, on the page the sign-in leads to.</summary>
    public async Task<IPage> SignedInAsync(string email, string password)
    {
        var page = await NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, password);

        // Setting up, not what a test checks: the first page of a class's fresh app can take longer than an action's
        // deadline to come alive while the other test classes load both cores.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = SetUpTimeout });
        await page.WaitForInteractiveAsync(SetUpTimeout);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }
}
