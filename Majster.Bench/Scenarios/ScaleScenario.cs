using System.Diagnostics;
using Majster.Bench.Infrastructure;
using System.Data.Common;
using Majster.Bench.Reporting;
using Majster.Core;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>
/// A big <c>offer_sends</c> (default 1,000,000 rows: 60% sent, 20% scheduled over the next 30 days, 10% pending,
/// 5% failed, 5% retrying), loaded in one INSERT … SELECT generate_series; then the latency of the claim statement,
/// the dashboard's statements (OfferSendMetrics' own SQL) and the grid's first page (OfferSendQueries itself, also with
/// a search), the retention's batch and an offer's sends, with their plans. <c>--without</c> drops indexes of
/// <c>offer_sends</c> after the load, to show what each one is worth to the statements that use it.
/// </summary>
internal static class ScaleScenario
{
    private const int Users = 50;
    private const int Warmups = 10;
    private const int Runs = 100;

    public static async Task RunAsync(BenchContext context, int rows, IReadOnlyList<string> without, CancellationToken ct)
    {
        var db = context.Database;
        var now = context.Clock.GetUtcNow();
        var owners = await BenchData.OwnersAsync(db, Users, now, ct);
        context.Log($"scale: loading {rows} rows");
        var load = Stopwatch.StartNew();
        // The due-notification trigger is for live writes; a bulk load of history does not need a million NOTIFYs.
        await db.ExecuteAsync("ALTER TABLE offer_sends DISABLE TRIGGER offer_sends_notify_due", ct);
        await LoadAsync(db, owners, rows, now, ct);
        await db.ExecuteAsync("ALTER TABLE offer_sends ENABLE TRIGGER offer_sends_notify_due", ct);
        // The bench's cluster commits asynchronously (synchronous_commit off): until the load's commit record is flushed,
        // VACUUM may not set hint bits, so it leaves pages not all-visible — a share of them that varied from run to run
        // (0–91% all-visible in three runs), and with it the plans of the index-only scans below. A checkpoint flushes
        // it, as a synchronous commit (the app's setting in production) would have.
        await db.ExecuteAsync("CHECKPOINT", ct);
        await db.ExecuteAsync("VACUUM ANALYZE offer_sends", ct);
        // Writes back the pages the load and VACUUM dirtied, so that their write-back does not land in the timings.
        await db.ExecuteAsync("CHECKPOINT", ct);
        var loaded = load.Elapsed;
        foreach (var index in without)
        {
            if (!index.StartsWith("idx_offer_sends_", StringComparison.Ordinal) || !index.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            {
                throw new ArgumentException($"--without takes index names of offer_sends (idx_offer_sends_…), not '{index}'.");
            }

            await db.ExecuteAsync($"DROP INDEX {index}", ct);
        }

        var allVisible = await db.ScalarAsync<double>(
            "SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE relname = 'offer_sends'", ct);

        var report = new Report(context.Output, "scale");
        report.Header("query", "p50 ms", "p95 ms", "target ms", "plan");
        report.Result("rows", rows);
        report.Result("load_s", loaded.TotalSeconds);

        // The app's statements on connections set up as the app sets them up.
        var appConnections = new NpgsqlDataSourceBuilder(db.ConnectionString);
        MajsterCoreExtensions.TuneConnections(appConnections.ConnectionStringBuilder);
        await using var app = appConnections.Build();
        var queue = new OfferSendQueue(app);
        var claimTimes = await TimeAsync(async () =>
        {
            var timer = Stopwatch.StartNew();
            var claimed = await queue.ClaimAsync(now, context.Scheduler.BatchSize, context.Scheduler.LockTtl, "bench-scale", ct);
            var elapsed = timer.Elapsed.TotalMilliseconds;
            await queue.ReleaseAsync(claimed, "bench-scale", ct);
            return elapsed;
        });
        var claimPlan = ScanLines(await queue.ExplainClaimAsync(now, context.Scheduler.BatchSize, context.Scheduler.LockTtl, "x", ct));
        Add(report, "claim (batch " + context.Scheduler.BatchSize + ")", "claim", claimTimes, 10, claimPlan);

        // The dashboard's statements, exactly as OfferSendMetrics sends them (in a transaction), one at a time, then all
        // of them together.
        NpgsqlParameter[] Parameters() =>
        [
            new NpgsqlParameter<DateTimeOffset>("now", now), new NpgsqlParameter<DateTimeOffset>("since", now - OfferSendMetrics.LatenessWindow),
            new NpgsqlParameter<int>("top", OfferSendMetrics.TopErrors),
            new NpgsqlParameter<int>("sample", OfferSendMetrics.LatenessSample),
            new NpgsqlParameter<double>("on_time_ms", OfferSendMetrics.OnTimeWithin.TotalMilliseconds),
        ];
        foreach (var (name, key, sql) in MetricsStatements)
        {
            var times = await TimeAsync(async () =>
            {
                await using var connection = await app.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddRange(Parameters());
                var timer = Stopwatch.StartNew();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        // Read every row, as the dashboard does.
                    }
                }

                var elapsed = timer.Elapsed.TotalMilliseconds;
                await transaction.CommitAsync(ct);
                return elapsed;
            });
            Add(report, name, key, times, 50, await PlanAsync(db, sql, ct, Parameters()));
        }

        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<MajsterDbContext>();
        MajsterCoreExtensions.ConfigureDbContext(options, app);
        var contexts = new PooledDbContextFactory<MajsterDbContext>(options.AddInterceptors(recorder).Options);
        var clock = new FixedClock(now);
        var metrics = new OfferSendMetrics(contexts, app, clock, new SchedulerStatus());
        Add(report, "GET /api/metrics (all of the above, one round trip)", "metrics",
            await TimeAsync(() => ElapsedAsync(() => metrics.GetAsync(new Actor(Guid.Empty, IsAdmin: true), ct))), 50, "");

        // The grid's first page as the app reads it (OfferSendQueries: total count + page joined to offers).
        var grid = new OfferSendQueries(contexts, clock);
        var user = owners[0].UserId;
        // The searches go through the trigram indexes without accents or case: one term matches a single recipient
        // (row 12350, the first user's), the other 111 subjects ("Oferta 1234", "Oferta 12340" …).
        foreach (var (name, key, actor, statuses, search) in new[]
        {
            ("grid page (user)", "grid_user", new Actor(user, IsAdmin: false), Array.Empty<OfferSendStatus>(), (string?)null),
            ("grid page (user, scheduled)", "grid_user_status", new Actor(user, IsAdmin: false), [OfferSendStatus.Scheduled], null),
            ("grid page (admin)", "grid_admin", new Actor(user, IsAdmin: true), [], null),
            ("grid page (admin, failed)", "grid_admin_status", new Actor(user, IsAdmin: true), [OfferSendStatus.Failed], null),
            ("grid page (user, search \"CLIENT12350@\")", "grid_user_search", new Actor(user, IsAdmin: false), [], "CLIENT12350@"),
            ("grid page (admin, search \"ofertá 1234\")", "grid_admin_search", new Actor(user, IsAdmin: true), [], "ofertá 1234"),
        })
        {
            var query = new OfferSendListQuery { Statuses = statuses, Search = search, Take = GridPageSize };
            var times = await TimeAsync(() => ElapsedAsync(() => grid.ListAsync(actor, query, ct)));
            var plans = new List<string>();
            // A search first reads the matching offers' ids: three statements, not two.
            foreach (var command in recorder.Last(search is null ? 2 : 3))
            {
                plans.Add(await PlanAsync(db, command.Sql, ct, command.Parameters));
            }

            Add(report, name, key, times, 50, string.Join(" | ", plans));
        }

        report.Note($"{rows} rows, {Users} users, loaded and vacuumed in {Report.Format(loaded)} ({Report.Format(allVisible * 100)}% of pages all-visible); {Runs} timed runs each after {Warmups} warm-ups");
        report.Print();
    }

    private const int GridPageSize = 25;

    /// <summary>The dashboard's counts read from the rows themselves, as a staff member's are: the figure beside it
    /// is what keeping <c>offer_send_counts</c> saves an admin's dashboard.</summary>
    private const string CountsFromRowsSql = """
        SELECT count(*) FILTER (WHERE status = 'scheduled')::int, count(*) FILTER (WHERE status = 'failed')::int,
               count(*) FILTER (WHERE status = 'sent')::int, coalesce(sum(retry_count) FILTER (WHERE status = 'sent'), 0)::bigint
        FROM offer_sends
        """;

    /// <summary>The runbook's error breakdown, which operators run by hand (idx_offer_sends_retry serves it).</summary>
    private const string RunbookErrorsSql = """
        SELECT error_message, count(*) FROM offer_sends WHERE retry_count > 0 GROUP BY error_message
        """;

    private static readonly (string Name, string Key, string Sql)[] MetricsStatements =
    [
        ("fold counts", "compact", OfferSendCounts.FoldSql),
        ("counts: scheduled, failed, sent, retries of sent", "counts", OfferSendCounts.TotalsSql),
        ("the same counts from the rows (what offer_send_counts saves)", "counts_from_rows", CountsFromRowsSql),
        ("error texts (top 10)", "errors", OfferSendCounts.ErrorsSql),
        ("error kinds", "failures", OfferSendCounts.FailuresSql),
        ("overdue (scheduled, scheduled_for < now)", "overdue", OfferSendMetrics.OverdueSql),
        ("lateness (the last 24 h's latest 10,000 sent)", "lateness", OfferSendMetrics.LatenessSql),
        ("the runbook's error breakdown (by hand)", "runbook_errors", RunbookErrorsSql),
    ];

    /// <summary>Runs <paramref name="run"/> (which returns its own milliseconds) warm-ups plus timed runs.</summary>
    private static async Task<Distribution> TimeAsync(Func<Task<double>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < Warmups + Runs; i++)
        {
            var elapsed = await run();
            if (i >= Warmups)
            {
                times.Add(elapsed);
            }
        }

        return Distribution.Of(times);
    }

    private static async Task<double> ElapsedAsync<T>(Func<Task<T>> run)
    {
        var timer = Stopwatch.StartNew();
        await run();
        return timer.Elapsed.TotalMilliseconds;
    }

    private static void Add(Report report, string name, string key, Distribution times, double targetMs, string plan)
    {
        report.Row(name, times.P50, times.P95, targetMs, plan);
        report.Result(key + "_p95_ms", times.P95);
    }

    /// <summary>The plan's access paths, one line: which index (or scan) each node uses. EXPLAIN alone runs nothing.</summary>
    private static async Task<string> PlanAsync(BenchDatabase db, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        command.Parameters.AddRange(parameters);
        List<string> plan = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(0));
        }

        return ScanLines(plan);
    }

    /// <summary>The scans of a plan (which index, which table), without costs: what the report shows of it.</summary>
    private static string ScanLines(IEnumerable<string> plan) => string.Join("; ", plan
        .Select(line => line.Trim().TrimStart('-', '>', ' '))
        .Where(line => line.Contains("Scan", StringComparison.Ordinal) && !line.StartsWith("CTE Scan", StringComparison.Ordinal))
        .Select(line => line[..line.IndexOf("  (", StringComparison.Ordinal)])
        .Distinct());

    /// <summary>Remembers the SQL and parameters of the commands EF Core sends, so their plans can be shown.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        private readonly List<(string Sql, NpgsqlParameter[] Parameters)> _commands = [];

        public IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Last(int count) => _commands.TakeLast(count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _commands.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            return ValueTask.FromResult(result);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Loads the mix in one statement: row i's kind is i mod 20 (12 sent, 4 scheduled, 2 pending, 1 failed, 1 retrying).</summary>
    internal static Task LoadAsync(BenchDatabase db, IReadOnlyList<(Guid UserId, Guid OfferId)> owners, int rows, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO offer_sends (offer_id, user_id, client_email, client_name, subject, message, status, scheduled_for,
                                     retry_count, last_retry_at, processed_at, error_message, created_at, updated_at)
            SELECT o.offer_id, o.user_id, 'client' || i || '@example.com', 'Client ' || i, 'Oferta ' || i, 'Dzień dobry',
                   CASE WHEN k < 12 THEN 'sent' WHEN k < 16 THEN 'scheduled' WHEN k < 18 THEN 'pending'
                        WHEN k = 18 THEN 'failed' ELSE 'scheduled' END,
                   CASE WHEN k < 12 THEN created - interval '1 hour'
                        WHEN k < 16 THEN @now + random() * interval '30 days'
                        WHEN k < 18 THEN NULL
                        WHEN k = 18 THEN created
                        ELSE @now + (random() * 60 - 5) * interval '1 minute' END,
                   CASE WHEN k < 12 THEN (CASE WHEN i % 10 = 0 THEN 1 + i % 3 ELSE 0 END)
                        WHEN k = 18 THEN 3 WHEN k = 19 THEN 1 + i % 3 ELSE 0 END,
                   CASE WHEN k >= 18 THEN created END,
                   CASE WHEN k < 12 THEN created END,
                   CASE WHEN k = 18 THEN 'Max retries (3) exceeded. Last error: ' || e.text
                        WHEN k = 19 THEN e.text END,
                   created, created
            FROM (SELECT i, i % 20 AS k, @now - random() * interval '90 days' AS created FROM generate_series(1, @rows) i) g
            JOIN unnest(@users, @offers) WITH ORDINALITY AS o(user_id, offer_id, n) ON o.n = 1 + g.i % @owners
            JOIN (VALUES (0, '451 4.7.1 Try again later'), (1, '421 4.4.2 Connection timed out'),
                         (2, 'Connection refused'), (3, '452 4.2.2 Mailbox full'), (4, 'Authentication failed'))
                 AS e(n, text) ON e.n = g.i % 5
            """, ct,
            new NpgsqlParameter<DateTimeOffset>("now", now), new NpgsqlParameter<int>("rows", rows),
            new NpgsqlParameter<Guid[]>("users", [.. owners.Select(o => o.UserId)]),
            new NpgsqlParameter<Guid[]>("offers", [.. owners.Select(o => o.OfferId)]),
            new NpgsqlParameter<int>("owners", owners.Count));
}
