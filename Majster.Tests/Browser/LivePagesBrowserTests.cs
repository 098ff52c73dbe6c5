using Microsoft.Extensions.DependencyInjection;
using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.Playwright;
using Npgsql;

namespace Majster.Tests.Browser;

/// <summary>
/// Open pages reload when offer sends change and cost the database (almost) nothing while nothing does: the grid,
/// the dashboard and the detail page in Debian's Chromium, each tab a circuit of its own, on the real app.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LivePagesBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Two refreshes of a grid (every 3 s) and of a dashboard (every 5 s), were the circuits to poll: they would add
    /// about 40 transactions, well over <see cref="MostAdded"/>. A busy backend reports its transactions at most a second
    /// after they end, so polling shows within the window whatever its length; a longer one only waits longer.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>What idle circuits may add in <see cref="Window"/>: a recomputation of the dashboard's figures or two.</summary>
    private const int MostAdded = 15;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenPages_AreCountedAsTheyOpenAndClose()
    {
        var circuits = app.Factory.Services.GetRequiredService<Majster.Admin.Ui.OpenCircuits>();
        var page = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        var before = await Poll.UntilAsync(() => Task.FromResult(circuits.Count), count => count >= 1, TimeSpan.FromSeconds(10), "the signed-in page's circuit to be counted");

        var second = await page.Context.NewPageAsync();
        await second.GotoAsync("/offers");
        await second.WaitForInteractiveAsync();
        await Poll.UntilAsync(() => Task.FromResult(circuits.Count), count => count == before + 1, TimeSpan.FromSeconds(10), "the second page's circuit to be counted");
        await second.CloseAsync();

        await Poll.UntilAsync(() => Task.FromResult(circuits.Count), count => count == before, TimeSpan.FromSeconds(20), "the closed page's circuit to be uncounted");
    }

    [Fact]
    public async Task IdleCircuits_AddAlmostNoTransactions_ToTheAppsOwn_WhileNothingChanges()
    {
        var send = await SeedAsync("Idle");
        var appAlone = await TransactionsOverWindowAsync();
        var first = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        var tabs = await OpenTabsAsync(first.Context, send);

        var withCircuits = await TransactionsOverWindowAsync();

        // Re-querying every few seconds each (a grid every 3 s, a dashboard every 5 s), these circuits would add about
        // 4 a second; shared dashboard figures refreshed every 30 s add a few.
        Assert.True(withCircuits - appAlone <= MostAdded,
            $"{tabs.Count + 1} idle circuits: {withCircuits} transactions in {Window.TotalSeconds} s, the app alone {appAlone}");
    }

    [Fact]
    public async Task AChange_ShowsInEveryOpenPage_WithinThreeSeconds()
    {
        var send = await SeedAsync("Live");
        var first = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        var tabs = await OpenTabsAsync(first.Context, send);
        var dashboards = tabs.Where(t => new Uri(t.Url).AbsolutePath == "/").ToList();
        var scheduledBefore = await dashboards[0].GetByRole(AriaRole.Link, new() { Name = "Scheduled" }).InnerTextAsync();

        var renamed = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        await ExecuteAsync("UPDATE offer_sends SET subject = @subject, status = 'pending', scheduled_for = NULL WHERE id = @id",
            new NpgsqlParameter<string>("subject", renamed), new NpgsqlParameter<Guid>("id", send.Id));

        await Task.WhenAll(tabs.Except(dashboards).Select(tab => Assertions.Expect(tab.GetByText(renamed).First).ToBeVisibleAsync(new() { Timeout = 3_000 }))
            .Concat(dashboards.Select(tab =>
                Assertions.Expect(tab.GetByRole(AriaRole.Link, new() { Name = "Scheduled" })).Not.ToHaveTextAsync(scheduledBefore, new() { Timeout = 3_000 }))));
    }

    [Fact]
    public async Task AChangedRow_IsRedrawnInPlace_WithoutTheLoadingBar()
    {
        var send = await SeedAsync("In place");
        var tab = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await tab.GotoAsync("/offer-sends");
        await tab.WaitForInteractiveAsync();
        await tab.GetByText(send.Subject).First.WaitForAsync();
        // Every row drawn so far is marked (a row drawn anew has none), and the loading bar is recorded if it is ever added.
        await tab.EvaluateAsync("""
            () => {
                document.querySelectorAll('tbody tr').forEach(row => row.kept = true);
                window.loadingShown = false;
                new MutationObserver(() => window.loadingShown ||= document.querySelector('.mud-table-loading-progress') !== null)
                    .observe(document.body, { subtree: true, childList: true });
            }
            """);

        var renamed = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        await ExecuteAsync("UPDATE offer_sends SET subject = @subject WHERE id = @id",
            new NpgsqlParameter<string>("subject", renamed), new NpgsqlParameter<Guid>("id", send.Id));
        await Assertions.Expect(tab.GetByText(renamed)).ToBeVisibleAsync(new() { Timeout = 3_000 });

        var redrawn = await tab.EvaluateAsync<int>("() => [...document.querySelectorAll('tbody tr')].filter(row => !row.kept).length");
        Assert.Equal(0, redrawn);
        Assert.False(await tab.EvaluateAsync<bool>("() => window.loadingShown"), "the loading bar showed for a refresh");
    }

    [Fact]
    public async Task TheEmailPreview_ReloadsWhenWhatItShowsChanges_NotForANewSubject()
    {
        var send = await SeedAsync("Preview");
        var tab = await app.SignedInAsync(MajsterAppFactory.AdminEmail, MajsterAppFactory.AdminPassword);
        await tab.GotoAsync($"/offer-sends/{send.Id}");
        await tab.WaitForInteractiveAsync();
        var preview = tab.FrameLocator("iframe.email-preview");
        await preview.Locator("body").WaitForAsync();
        List<string> reloads = [];
        tab.FrameNavigated += (_, frame) =>
        {
            if (frame != tab.MainFrame)
            {
                reloads.Add(frame.Url);
            }
        };

        var renamed = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        await ExecuteAsync("UPDATE offer_sends SET subject = @subject WHERE id = @id",
            new NpgsqlParameter<string>("subject", renamed), new NpgsqlParameter<Guid>("id", send.Id));
        await Assertions.Expect(tab.GetByRole(AriaRole.Heading, new() { Name = renamed })).ToBeVisibleAsync(new() { Timeout = 3_000 });
        var message = "Nowa treść " + Guid.NewGuid().ToString("N")[..6];
        await ExecuteAsync("UPDATE offer_sends SET message = @message WHERE id = @id",
            new NpgsqlParameter<string>("message", message), new NpgsqlParameter<Guid>("id", send.Id));
        await Assertions.Expect(preview.GetByText(message)).ToBeVisibleAsync(new() { Timeout = 3_000 });

        // The new message's reload alone: the frame reloads in order, so the subject's would have come first.
        Assert.Single(reloads);
    }

    /// <summary>Four grids, four dashboards and two detail pages of <paramref name="send"/>, each loaded.</summary>
    private static async Task<IReadOnlyList<IPage>> OpenTabsAsync(IBrowserContext context, OfferSend send)
    {
        List<IPage> tabs = [];
        foreach (var path in Enumerable.Repeat("/offer-sends", 4).Concat(Enumerable.Repeat("/", 4)).Concat(Enumerable.Repeat($"/offer-sends/{send.Id}", 2)))
        {
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(path);
            await tab.WaitForInteractiveAsync();
            await (path == "/" ? tab.GetByRole(AriaRole.Link, new() { Name = "Scheduled" }) : tab.GetByText(send.Subject).First).WaitForAsync();
            tabs.Add(tab);
        }

        return tabs;
    }

    private async Task<OfferSend> SeedAsync(string subject)
    {
        var now = TimeProvider.System.GetUtcNow();
        var sends = await Seed.ScheduledSendsAsync(app.ConnectionString, now, now.AddDays(1), 3, Ct, subject: subject + " " + Guid.NewGuid().ToString("N")[..6]);
        return sends[^1];
    }

    /// <summary>The app database's transactions over <see cref="Window"/>, the two readings left out.</summary>
    private async Task<long> TransactionsOverWindowAsync()
    {
        var before = await TransactionsAsync();
        await Task.Delay(Window, TimeProvider.System, Ct);
        return await TransactionsAsync() - before - 1;
    }

    /// <summary>Transactions committed and rolled back in the app's database so far (this reading is one of them).</summary>
    private async Task<long> TransactionsAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
