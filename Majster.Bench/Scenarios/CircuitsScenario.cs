using System.Globalization;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>What the circuits scenario opens: which page (<c>grid</c>, <c>dashboard</c>, <c>detail</c> or <c>all</c>), how many tabs.</summary>
internal sealed record CircuitsSettings(string Page, int Circuits, TimeSpan Window, int Changes);

/// <summary>
/// Many people with the admin UI open: for each page asked for, a fresh app process and N tabs of Debian's Chromium
/// on it (each tab a circuit). Reports the app's RSS and managed heap per circuit, the database's transactions per
/// second with no tab open, with the tabs open and idle, and under a stream of changes to what they show, the time
/// from a change to its display in every tab, and the RSS and heap once the tabs are closed and the app's
/// disconnected-circuit retention has passed.
/// </summary>
internal static class CircuitsScenario
{
    private const int Sends = 500;
    private static readonly TimeSpan LongestSettle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChangeEvery = TimeSpan.FromSeconds(2);

    /// <summary>Short, so that the run waits past it; a gracefully closed tab's circuit goes at once anyway.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(10);

    private static readonly string[] PageNames = ["grid", "dashboard", "detail"];

    /// <summary>One page under test: where it is, what it shows once loaded, and a change to what it shows.</summary>
    private sealed record PageUnderTest(string Name, string Path, Func<string> Shown, Func<int, CancellationToken, Task<string>> ChangeAsync);

    public static async Task RunAsync(BenchContext context, CircuitsSettings settings, CancellationToken ct)
    {
        string[] names = settings.Page == "all" ? PageNames
            : PageNames.Contains(settings.Page) ? [settings.Page]
            : throw new ArgumentException($"--page is one of {string.Join(", ", PageNames)} or all, not '{settings.Page}'.");
        var db = context.Database;
        var now = context.Clock.GetUtcNow();
        var owner = (await BenchData.OwnersAsync(db, 1, now, ct))[0];
        var ids = await BenchData.SendsAsync(db, owner.UserId, Sends, now.AddDays(1), now, ct);

        context.Log("circuits: publishing the app (its static assets are served only when published)");
        var published = await AppProcess.PublishAsync(Path.Combine(context.WorkDirectory, "published"), ct);
        var heap = ManagedHeap.Find(context.WorkDirectory);

        var report = new Report(context.Output, "circuits");
        report.Header("page", "circuits", "RSS before MiB", "open MiB", "MiB/circuit", "heap MiB/circuit", "closed MiB", "heap closed Δ MiB",
            "tx/s none open", "tx/s idle", "tx/s changing", "change→shown p50 ms", "max ms");
        foreach (var page in Pages(db, ids).Where(p => names.Contains(p.Name)))
        {
            await MeasureAsync(context, report, published, heap, page, settings, ct);
        }

        report.Result("circuits", settings.Circuits);
        report.Note($"{Sends} sends scheduled a day ahead; the grid's first page and the detail page show the newest ({ids[^1]})");
        report.Note($"heap: {heap.Method}; closed: after the tabs closed and the retention ({Retention.TotalSeconds:0} s) passed, Δ to before");
        report.Note("tx/s: pg_stat_database of the app's database over the window; 'changing' leaves out the changes' own transactions");
        report.Print();
    }

    private static IEnumerable<PageUnderTest> Pages(BenchDatabase db, IReadOnlyList<Guid> ids)
    {
        var newest = ids[^1];
        var subject = $"Oferta {ids.Count}";
        async Task<string> Rename(int change, CancellationToken ct) => subject = await RenameAsync(db, newest, $"Changed {change}", ct);
        yield return new PageUnderTest("grid", "/offer-sends", () => subject, Rename);
        yield return new PageUnderTest("detail", $"/offer-sends/{newest}", () => subject, Rename);

        var scheduled = ids.Count;
        yield return new PageUnderTest("dashboard", "/", () => scheduled.ToString(CultureInfo.InvariantCulture), async (change, ct) =>
        {
            // One scheduled send back to pending: the Scheduled figure drops by one.
            await db.ExecuteAsync("UPDATE offer_sends SET status = 'pending', scheduled_for = NULL WHERE id = @id", ct,
                new NpgsqlParameter<Guid>("id", ids[change]));
            return (--scheduled).ToString(CultureInfo.InvariantCulture);
        });
    }

    private static async Task<string> RenameAsync(BenchDatabase db, Guid id, string subject, CancellationToken ct)
    {
        await db.ExecuteAsync("UPDATE offer_sends SET subject = @subject WHERE id = @id", ct,
            new NpgsqlParameter<string>("subject", subject), new NpgsqlParameter<Guid>("id", id));
        return subject;
    }

    private static async Task MeasureAsync(
        BenchContext context, Report report, string published, ManagedHeap heap, PageUnderTest page, CircuitsSettings settings, CancellationToken ct)
    {
        var db = context.Database;
        // What the app and the database do after a step (a tab's first refresh, pg_stat's reports) is over by then.
        var settle = settings.Window < LongestSettle ? settings.Window : LongestSettle;
        await using var sink = new TimestampingSmtpSink(context.Clock);
        await using var app = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct,
            new Dictionary<string, string> { ["Circuits__DisconnectedRetention"] = Retention.ToString("c", CultureInfo.InvariantCulture) },
            published);
        await using var browser = await BrowserTabs.SignInAsync(app);

        // One tab opened and closed first, so that the figures are not the app's first render; its circuit gone.
        await browser.OpenAsync(page.Path, page.Shown());
        await browser.CloseTabsAsync();
        await Task.Delay(Retention + settle, context.Clock, ct);
        var noneOpen = await TransactionsPerSecondAsync(context, settings.Window, ct);
        var rssBefore = app.RssMiB();
        var heapBefore = await heap.MiBAsync(app, "before-" + page.Name, ct);

        context.Log($"circuits: opening {settings.Circuits} tabs of the {page.Name}");
        for (var i = 0; i < settings.Circuits; i++)
        {
            await browser.OpenAsync(page.Path, page.Shown());
        }

        await Task.Delay(settle, context.Clock, ct);
        var rssOpen = app.RssMiB();
        var heapOpen = await heap.MiBAsync(app, "open-" + page.Name, ct);
        var idle = await TransactionsPerSecondAsync(context, settings.Window, ct);

        context.Log($"circuits: {settings.Changes} changes, one every {ChangeEvery.TotalSeconds:0} s");
        var (changing, shown) = await ChangesAsync(context, browser, page, settings.Changes, settle, ct);

        await browser.CloseTabsAsync();
        await Task.Delay(Retention + settle, context.Clock, ct);
        var rssClosed = app.RssMiB();
        var heapClosed = await heap.MiBAsync(app, "closed-" + page.Name, ct);

        var perCircuit = (rssOpen - rssBefore) / settings.Circuits;
        var heapPerCircuit = (heapOpen - heapBefore) / settings.Circuits;
        var (p50, max) = shown.Length > 0 ? (shown[shown.Length / 2], shown[^1]) : (double.NaN, double.NaN);
        context.Log($"circuits: {page.Name}: RSS {rssBefore:0} → {rssOpen:0} MiB ({perCircuit:0.00} MiB/circuit), heap {heapBefore:0} → {heapOpen:0} MiB " +
            $"({heapPerCircuit:0.00} MiB/circuit), closed {rssClosed:0} MiB, heap {heapClosed:0} MiB; tx/s none open {noneOpen:0.00}, " +
            $"idle {idle:0.00}, changing {changing:0.00}; shown p50 {p50:0} ms");
        report.Row(page.Name, settings.Circuits, rssBefore, rssOpen, perCircuit, heapPerCircuit, rssClosed, heapClosed - heapBefore,
            noneOpen, idle, changing, p50, max);
        report.Result(page.Name + "_rss_mib_per_circuit", perCircuit);
        report.Result(page.Name + "_heap_mib_per_circuit", heapPerCircuit);
        report.Result(page.Name + "_rss_before_mib", rssBefore);
        report.Result(page.Name + "_rss_open_mib", rssOpen);
        report.Result(page.Name + "_rss_closed_mib", rssClosed);
        report.Result(page.Name + "_heap_closed_delta_mib", heapClosed - heapBefore);
        report.Result(page.Name + "_tx_per_s_none_open", noneOpen);
        report.Result(page.Name + "_tx_per_s_idle", idle);
        report.Result(page.Name + "_tx_per_s_changing", changing);
        report.Result(page.Name + "_shown_p50_ms", p50);
        report.Result(page.Name + "_shown_max_ms", max);
    }

    /// <summary>
    /// <paramref name="changes"/> changes to what the page shows, one every <see cref="ChangeEvery"/>: the database's
    /// transactions per second meanwhile (the changes' own left out) and, sorted, the milliseconds from each change to
    /// its display in each tab.
    /// </summary>
    private static async Task<(double PerSecond, double[] ShownMs)> ChangesAsync(
        BenchContext context, BrowserTabs browser, PageUnderTest page, int changes, TimeSpan settle, CancellationToken ct)
    {
        List<double> shownMs = [];
        var before = await context.Database.TransactionsAsync(ct);
        var started = context.Clock.GetTimestamp();
        for (var change = 1; change <= changes; change++)
        {
            var changedAt = context.Clock.GetTimestamp();
            var shown = await page.ChangeAsync(change, ct);
            shownMs.AddRange(await Task.WhenAll(browser.Tabs.Select(async tab =>
            {
                await BrowserTabs.ShownAsync(tab, shown);
                return context.Clock.GetElapsedTime(changedAt).TotalMilliseconds;
            })));
            var rest = ChangeEvery - context.Clock.GetElapsedTime(changedAt);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, context.Clock, ct);
            }
        }

        await Task.Delay(settle, context.Clock, ct);
        var perSecond = (await context.Database.TransactionsAsync(ct) - before - 1 - changes) / context.Clock.GetElapsedTime(started).TotalSeconds;
        return (perSecond, [.. shownMs.Order()]);
    }

    /// <summary>The database's transactions per second over <paramref name="window"/>, the readings' own left out.</summary>
    private static async Task<double> TransactionsPerSecondAsync(BenchContext context, TimeSpan window, CancellationToken ct)
    {
        var first = await context.Database.TransactionsAsync(ct);
        var started = context.Clock.GetTimestamp();
        await Task.Delay(window, context.Clock, ct);
        var last = await context.Database.TransactionsAsync(ct);
        return (last - first - 1) / context.Clock.GetElapsedTime(started).TotalSeconds;
    }
}
