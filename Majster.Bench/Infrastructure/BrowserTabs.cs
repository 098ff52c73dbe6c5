using Microsoft.Playwright;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// Debian's Chromium (never a downloaded browser), headless through Playwright, signed in once as the app's bootstrap
/// admin; every tab it opens is a circuit of its own in the app.
/// </summary>
internal sealed class BrowserTabs : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan ShownTimeout = TimeSpan.FromSeconds(60);
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private readonly List<IPage> _tabs = [];

    private BrowserTabs(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
    }

    public IReadOnlyList<IPage> Tabs => _tabs;

    public static async Task<BrowserTabs> SignInAsync(AppProcess app)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        var tabs = new BrowserTabs(playwright, browser, context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(BenchApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(BenchApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // A refused sign-in stays on the login page; every tab after it would only show that page.
        // The context's deadline: on a busy machine the first dashboard after a fresh publish takes a while to render.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.CloseAsync();
        return tabs;
    }

    /// <summary>A new tab at <paramref name="path"/>, once its circuit is up and <paramref name="text"/> is shown.</summary>
    public async Task<IPage> OpenAsync(string path, string text)
    {
        var page = await _context.NewPageAsync();
        _tabs.Add(page);
        List<string> console = [];
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"page error: {error}");
        page.RequestFailed += (_, request) => console.Add($"failed: {request.Url} {request.Failure}");
        try
        {
            // Not until "load": the detail page's e-mail preview frame may hold that back; the circuit and the text say enough.
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await ShownAsync(page, text);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{path} ({page.Url}) did not become interactive showing '{text}'; the browser said:\n"
                + string.Join('\n', console), timeout);
        }

        return page;
    }

    /// <summary>
    /// Waits until a text node of the page reads <paramref name="text"/>. The page checks when its DOM changes (a
    /// MutationObserver), not on every animation frame as a Playwright locator polls: with 100 tabs waiting at once,
    /// that polling was most of the browser's CPU and delayed what it measured.
    /// </summary>
    public static async Task ShownAsync(IPage page, string text) =>
        await page.EvaluateAsync("""
            text => new Promise(resolve => {
                const shown = () => {
                    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        if (node.nodeValue.trim() === text) return true;
                    }
                    return false;
                };
                if (shown()) { resolve(true); return; }
                const observer = new MutationObserver(() => {
                    if (shown()) { observer.disconnect(); resolve(true); }
                });
                observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            })
            """, text).WaitAsync(ShownTimeout);

    /// <summary>Closes every tab: the browser tells the app, which ends their circuits.</summary>
    public async Task CloseTabsAsync()
    {
        foreach (var tab in _tabs)
        {
            await tab.CloseAsync(new() { RunBeforeUnload = true });
        }

        _tabs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
