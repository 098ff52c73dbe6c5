using Majster.Core.Data.Backups;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// After a restore, an admin's dashboard lists the sends due by then that the backup did not see sent (here, ones
/// still leased by the instance that had them in flight), in English and Polish, on a desktop and a phone; staff do
/// not see the list.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RestoredDashboardBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_ListsTheSendsDueByTheRestore_ToAdminsOnly()
    {
        var now = TimeProvider.System.GetUtcNow();
        var sends = await Seed.ScheduledSendsAsync(app.ConnectionString, now.AddHours(-3), now.AddMinutes(-20), 3, Ct, subject: "Remont dachu po kopii");
        await using (var db = Database.CreateContext(app.ConnectionString))
        {
            var ids = sends.Select(s => s.Id).ToList();
            await db.OfferSends.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(
                set => set.SetProperty(s => s.LockedUntil, now.AddHours(1)).SetProperty(s => s.LockedBy, "old-office-0"), Ct);
            db.DatabaseRestores.Add(new DatabaseRestore { BackupTakenAt = now.AddHours(-1), RestoredAt = now });
            await db.SaveChangesAsync(Ct);
        }

        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await ShootAsync(page, "restored-dashboard", "Restored from a backup: review these sends before resuming");
        await Assertions.Expect(page.Locator(".restored-sends a")).ToHaveCountAsync(3);
        await page.SetViewportSizeAsync(390, 844);
        await ShootAsync(page, "restored-dashboard-phone", "Restored from a backup: review these sends before resuming");
        await page.GetByRole(AriaRole.Button, new() { Name = "PL — Switch language" }).ClickAsync();
        await page.Locator("html[lang=pl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ShootAsync(page, "restored-dashboard-pl-phone", "Przywrócono z kopii zapasowej: sprawdź te wysyłki przed wznowieniem");
        await page.SetViewportSizeAsync(1280, 800);
        await ShootAsync(page, "restored-dashboard-pl", "Przywrócono z kopii zapasowej: sprawdź te wysyłki przed wznowieniem");

        var staff = await app.SignedInAsync(await app.CreateStaffAsync(), BrowserFixture.StaffPassword);
        await staff.GotoAsync("/");
        await staff.WaitForInteractiveAsync();
        await staff.Locator(".mud-chart svg").First.WaitForAsync();
        await Assertions.Expect(staff.Locator(".restored-sends")).ToHaveCountAsync(0);
    }

    private static async Task ShootAsync(IPage page, string name, string shows)
    {
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText(shows)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}
