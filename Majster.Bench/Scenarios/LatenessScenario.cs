using Majster.Bench.Infrastructure;
using Majster.Bench.Peers;
using Majster.Bench.Reporting;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>
/// Sends due at instants spread over the next minute; lateness = the sink's acceptance instant − scheduled_for.
/// Ours: the real app (its NOTIFY-woken waker); the sends are scheduled through <c>POST /schedule-offer</c> when the
/// app has it, else by updating the rows in its database. Peers: Hangfire delayed jobs (default polling), and the
/// runbook's 5-minute cron (computed, not run).
/// </summary>
internal static class LatenessScenario
{
    /// <summary>
    /// Time between the start of scheduling and the first due instant: long enough for the API to take all the
    /// requests first (the report says how long that took), so lateness measures the scheduler, not the API backlog.
    /// </summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(20);

    private const int WarmUpSends = 200;

    public static async Task RunAsync(BenchContext context, int count, TimeSpan spread, CancellationToken ct)
    {
        var db = context.Database;
        var clock = context.Clock;
        var report = new Report(context.Output, "lateness");
        report.Header("system", "sends", "p50 ms", "p95 ms", "p99 ms", "max ms", "early");
        await using var sink = new TimestampingSmtpSink(clock);
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];

        string via;
        TimeSpan schedulingTook;
        Distribution ours;
        int oursEarly;
        await using (var app = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct))
        using (var api = new ScheduleOfferClient(app))
        {
            // A running app is warm: let it send a first round (JIT, pooled SMTP and database connections) unmeasured.
            var warmUp = await BenchData.SendsAsync(db, owner.UserId, WarmUpSends, clock.GetUtcNow(), clock.GetUtcNow(), ct);
            await HangfirePeer.WaitUntilSentAsync(db, warmUp, TimeSpan.FromMinutes(1), ct);

            var probe = await BenchData.SendsAsync(db, owner.UserId, 1, null, clock.GetUtcNow(), ct);
            var viaApi = await api.EndpointExistsAsync(probe[0], clock.GetUtcNow(), ct);
            via = viaApi ? "POST /schedule-offer" : "SQL UPDATE (the API endpoint is not on this branch yet)";
            context.Log($"ours: {count} sends due over {spread.TotalSeconds:0} s, scheduled via {via}");

            var ids = await BenchData.SendsAsync(db, owner.UserId, count, null, clock.GetUtcNow(), ct);
            var due = DueInstants(ids, clock.GetUtcNow() + Lead, spread);
            var scheduling = System.Diagnostics.Stopwatch.StartNew();
            if (viaApi)
            {
                await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (id, token) =>
                {
                    var status = await api.ScheduleAsync(id, due[id], token);
                    if (status != System.Net.HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"POST /schedule-offer answered {(int)status} for {id}.");
                    }
                });
            }
            else
            {
                await ScheduleBySqlAsync(db, due, clock.GetUtcNow(), ct);
            }

            schedulingTook = scheduling.Elapsed;
            (ours, oursEarly) = await MeasureAsync(sink, due, spread + Lead + TimeSpan.FromSeconds(60), ct);
        }

        report.Row("ours (Majster.Admin waker)", count, ours.P50, ours.P95, ours.P99, ours.Max, oursEarly);
        report.Result("n", count);
        report.Result("via", viaApiWord(via));
        report.Result("p50_ms", ours.P50);
        report.Result("p95_ms", ours.P95);
        report.Result("p99_ms", ours.P99);
        report.Result("max_ms", ours.Max);
        report.Result("early", oursEarly);

        // Hangfire delayed jobs with the default polling, same sends, same sink.
        context.Log($"hangfire-default: {count} delayed jobs due over {spread.TotalSeconds:0} s");
        const string schema = "hangfire_lateness";
        await db.InstallHangfireAsync(schema, ct);
        await using (var composer = context.Composer(sink.Port))
        await using (var sender = context.Sender(composer, sink.Port))
        {
            var ids = await BenchData.SendsAsync(db, owner.UserId, count, null, clock.GetUtcNow(), ct);
            var due = DueInstants(ids, clock.GetUtcNow() + Lead, spread);
            await ScheduleBySqlAsync(db, due, clock.GetUtcNow(), ct);
            var run = HangfirePeer.RunAsync(db, HangfireVariant.Defaults(schema), sender, ids, id => due[id], clock, spread + Lead + TimeSpan.FromMinutes(2), ct);
            var (hangfire, hangfireEarly) = await MeasureAsync(sink, due, spread + Lead + TimeSpan.FromMinutes(2), ct);
            await run;
            report.Row("hangfire-default (15 s polling)", count, hangfire.P50, hangfire.P95, hangfire.P99, hangfire.Max, hangfireEarly);
            report.Result("hangfire_default_p50_ms", hangfire.P50);
            report.Result("hangfire_default_p99_ms", hangfire.P99);
        }

        var cron = RunbookCronLateness(count, spread);
        report.Row("runbook cron every 5 min, 50/tick (computed)", count, cron.P50, cron.P95, cron.P99, cron.Max, 0);
        report.Result("runbook_cron_p50_ms", cron.P50);
        report.Note($"ours: scheduling the {count} sends took {schedulingTook.TotalSeconds:0.0} s of the {Lead.TotalSeconds:0} s lead");
        report.Note($"ours scheduled via {via}; sink: in-process SMTP listener timestamping each 250 reply");
        report.Note("runbook cron: computed over every phase of the 5-minute cron, 50 sends per tick, most overdue first");
        report.Print();

        static string viaApiWord(string via) => via.StartsWith("POST", StringComparison.Ordinal) ? "api" : "sql";
    }

    /// <summary>Evenly spread due instants, rounded to the millisecond (what the API's ISO format carries).</summary>
    private static Dictionary<Guid, DateTimeOffset> DueInstants(IReadOnlyList<Guid> ids, DateTimeOffset first, TimeSpan spread)
    {
        var start = new DateTimeOffset(first.UtcTicks - first.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return ids.Select((id, i) => (id, at: start.AddMilliseconds(Math.Round(spread.TotalMilliseconds * i / ids.Count))))
            .ToDictionary(x => x.id, x => x.at);
    }

    /// <summary>Schedules pending rows in one statement, as a writer other than the app would.</summary>
    private static Task ScheduleBySqlAsync(BenchDatabase db, Dictionary<Guid, DateTimeOffset> due, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync("""
            UPDATE offer_sends o SET status = 'scheduled', scheduled_for = d.at, retry_count = 0, updated_at = @now
            FROM unnest(@ids, @ats) AS d(id, at) WHERE o.id = d.id
            """, ct,
            new NpgsqlParameter<Guid[]>("ids", [.. due.Keys]), new NpgsqlParameter<DateTimeOffset[]>("ats", [.. due.Values]),
            new NpgsqlParameter<DateTimeOffset>("now", now));

    /// <summary>Waits until the sink accepted every send (or the timeout), then measures lateness in milliseconds.</summary>
    private static async Task<(Distribution Lateness, int Early)> MeasureAsync(
        TimestampingSmtpSink sink, Dictionary<Guid, DateTimeOffset> due, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (due.Keys.Any(id => !sink.Accepted.ContainsKey(id)))
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Only {due.Keys.Count(sink.Accepted.ContainsKey)} of {due.Count} sends arrived within {timeout}.");
            }
        }

        var lateness = due.Select(d => (sink.Accepted[d.Key] - d.Value).TotalMilliseconds).ToList();

        return (Distribution.Of(lateness), lateness.Count(ms => ms < 0));
    }

    /// <summary>
    /// The runbook's design, computed: a tick every 5 minutes takes the 50 most overdue sends. Every cron phase
    /// (second by second) is equally likely; the lateness of every send under every phase makes the distribution.
    /// </summary>
    private static Distribution RunbookCronLateness(int count, TimeSpan spread)
    {
        const double period = 300;
        const int perTick = RunbookPeer.BatchSize;
        var dues = Enumerable.Range(0, count).Select(i => spread.TotalSeconds * i / count).ToArray();
        List<double> lateness = [];
        for (var phase = 0; phase < period; phase++)
        {
            var next = 0;
            for (var tick = (double)phase; next < count; tick += period)
            {
                for (var taken = 0; taken < perTick && next < count && dues[next] <= tick; taken++, next++)
                {
                    lateness.Add((tick - dues[next]) * 1000);
                }
            }
        }

        return Distribution.Of(lateness);
    }
}
