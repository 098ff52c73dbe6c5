using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>The admin UI for keyboard and screen-reader users: axe-core's check, landmarks, names, focus, Escape.</summary>
[Trait("Category", "Browser")]
public sealed partial class AdminUiBrowserTests
{
    [Fact]
    public async Task EveryPage_HasNoCriticalOrSeriousAxeViolations()
    {
        var seeded = await UiSeed.EveryStateAsync(app.ConnectionString, MajsterAppFactory.AdminEmail, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var signIn = await app.NewPageAsync();
        await new LoginPage(signIn).GotoAsync();
        List<string> found = [.. (await Axe.SeriousViolationsAsync(signIn)).Select(v => "/account/login: " + v)];

        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        foreach (var (path, ready) in new (string, string)[]
        {
            ("/", ".mud-chart svg"), ("/offer-sends", ".mud-table-body tr"), ($"/offer-sends/{seeded.FailedByOutbox.Id}", "[data-testid=failure-raw]"),
            ("/offers", "main"), ("/account", "main"), ("/admin/users", "main"),
        })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
            await page.Locator(ready).First.WaitForAsync();
            found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => path + ": " + v));
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task EachDialogOpen_HasNoCriticalOrSeriousAxeViolations()
    {
        await UiSeed.EveryStateAsync(app.ConnectionString, MajsterAppFactory.AdminEmail, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        List<string> found = [];

        async Task CheckDialogAsync(string name, string path, Func<Task> open)
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await open();
            await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => name + ": " + v));
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        }

        ILocator FirstRow() => page.Locator(".mud-table-body tr").First;
        await CheckDialogAsync("schedule", "/offer-sends?status=pending", () => FirstRow().GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync());
        await CheckDialogAsync("reschedule", "/offer-sends?status=scheduled", () => page.GetByRole(AriaRole.Button, new() { Name = "Reschedule", Exact = true }).First.ClickAsync());
        await CheckDialogAsync("bulk schedule", "/offer-sends?status=pending", async () =>
        {
            foreach (var row in new[] { 0, 1 })
            {
                await page.Locator(".mud-table-body tr").Nth(row).GetByRole(AriaRole.Checkbox).CheckAsync();
            }

            await page.Locator(".mud-table-toolbar").GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        });
        await CheckDialogAsync("send now", "/offer-sends?status=pending", () => FirstRow().GetByRole(AriaRole.Button, new() { Name = "Send now", Exact = true }).ClickAsync());
        await CheckDialogAsync("new offer", "/offers", () => page.GetByRole(AriaRole.Button, new() { Name = "New offer" }).ClickAsync());
        await CheckDialogAsync("new send", "/offers", () => page.GetByRole(AriaRole.Button, new() { Name = "New send" }).First.ClickAsync());

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task SendPage_ShowsStaffTheReason_AndAdminsTheRawErrorBeneathIt()
    {
        var staffEmail = await app.CreateStaffAsync();
        var seeded = await UiSeed.EveryStateAsync(app.ConnectionString, staffEmail, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var path = $"/offer-sends/{seeded.FailedByOutbox.Id}";
        var staff = await SignedInAsync(staffEmail, BrowserFixture.StaffPassword);
        var admin = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);

        foreach (var page in new[] { staff, admin })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByTestId("failure-reason").First).ToHaveTextAsync("Outbox folder cannot be written");
        }

        await Assertions.Expect(staff.GetByText("/var/lib/majster")).ToHaveCountAsync(0);
        await Assertions.Expect(staff.GetByTestId("failure-raw")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("failure-raw").First).ToContainTextAsync(UiSeed.OutboxError);
    }

    [Fact]
    public async Task Layout_HasOneMainLandmark_AndALanguageButtonNamedByItsText()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await page.GotoAsync("/account");
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 6 })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" })).ToHaveTextAsync("PL");
    }

    [Fact]
    public async Task Escape_ClosesADialog_AndTheKeyboardFocusIsVisible()
    {
        var page = await SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await new OffersPage(page).GotoAsync();
        var newOffer = page.GetByRole(AriaRole.Button, new() { Name = "New offer" });

        await newOffer.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");
        var outline = await newOffer.EvaluateAsync<string>("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth");
        Assert.Equal("solid 3px", outline);

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Title").FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }
}
