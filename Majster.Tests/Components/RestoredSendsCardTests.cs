using Bunit;
using Majster.Admin.Components.Pages.Dashboard;
using Majster.Core.Data.Backups;
using Majster.Tests.Support;

namespace Majster.Tests.Components;

[Trait("Category", "Unit")]
public sealed class RestoredSendsCardTests : MudTestContext
{
    private static readonly DateTimeOffset Restored = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RestoredSendsCard_NamesTheBackupsInstant_AndLinksEachSend_AndCountsTheRest()
    {
        var id = Guid.NewGuid();
        var snapshot = new RestoredSendsSnapshot(
            Restored.AddHours(-2), Restored, [new RestoredSend(id, "Anna Nowak", "anna@example.com", "Remont dachu", Restored.AddMinutes(-30))], Total: 4);

        var cut = Render<RestoredSendsCard>(p => p.Add(x => x.Snapshot, snapshot).Add(x => x.Zone, TimeZoneInfo.Utc));

        Assert.Contains("Restored from a backup: review these sends before resuming", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Backup taken 12/7/2026 3:00 AM", cut.Find(".restored-sends").TextContent.Replace('\u202f', ' '), StringComparison.Ordinal);
        Assert.Equal($"/offer-sends/{id}", cut.Find("a").GetAttribute("href"));
        Assert.Contains("Anna Nowak", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("and 3 more", cut.Markup, StringComparison.Ordinal);
    }
}
