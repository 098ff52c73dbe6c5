using System.Diagnostics;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;
using Majster.Core.Scheduling;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>
/// A big <c>offer_sends</c> (default 1,000,000 rows: 60% sent, 20% scheduled over the next 30 days, 10% pending,
/// 5% failed, 5% retrying), loaded in one INSERT … SELECT generate_series; then the latency of the claim statement,
/// the runbook's dashboard queries, the error breakdown and the grid's first page, with their plans.
/// </summary>
internal static class ScaleScenario
{
    private const int Users = 50;
    private const int Warmups = 10;
    private const int Runs = 100;

    public static async Task RunAsync(BenchContext context, int rows, CancellationToken ct)
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
        await db.ExecuteAsync("VACUUM ANALYZE offer_sends", ct);
        var loaded = load.Elapsed;

        var report = new Report(context.Output, "scale");
        report.Header("query", "p50 ms", "p95 ms", "target ms", "plan");
        report.Result("rows", rows);
        report.Result("load_s", loaded.TotalSeconds);

        var queue = new OfferSendQueue(db.DataSource);
        var claimTimes = new List<double>();
        for (var run = 0; run < Warmups + Runs; run++)
        {
            var timer = Stopwatch.StartNew();
            var claimed = await queue.ClaimAsync(now, context.Scheduler.BatchSize, context.Scheduler.LockTtl, "bench-scale", ct);
            var elapsed = timer.Elapsed.TotalMilliseconds;
            await queue.ReleaseAsync(claimed, "bench-scale", ct);
            if (run >= Warmups)
            {
                claimTimes.Add(elapsed);
            }
        }

        var claimPlan = await PlanAsync(db, "BEGIN; EXPLAIN " + OfferSendQueue.ClaimSql.Replace("@now", "now()").Replace("@batch", "50")
            .Replace("@lease_until", "now()").Replace("@instance", "'x'") + "; ROLLBACK", ct);
        Add(report, "claim (batch " + context.Scheduler.BatchSize + ")", "claim", Distribution.Of(claimTimes), 10, claimPlan);

        var user = owners[0].UserId;
        foreach (var (name, key, sql, target) in Queries)
        {
            var times = new List<double>();
            for (var run = 0; run < Warmups + Runs; run++)
            {
                await using var command = db.DataSource.CreateCommand(sql);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
                command.Parameters.Add(new NpgsqlParameter<Guid>("user", user));
                command.Parameters.Add(new NpgsqlParameter<string>("status", "scheduled"));
                var timer = Stopwatch.StartNew();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        // Read every row, as the dashboard does.
                    }
                }

                if (run >= Warmups)
                {
                    times.Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            var plan = await PlanAsync(db, "EXPLAIN " + sql.Replace("@now", "now()").Replace("@user", $"'{user}'").Replace("@status", "'scheduled'"), ct);
            Add(report, name, key, Distribution.Of(times), target, plan);
        }

        report.Note($"{rows} rows, {Users} users, loaded and vacuumed in {Report.Format(loaded)}; {Runs} timed runs each after {Warmups} warm-ups");
        report.Print();
    }

    private static readonly (string Name, string Key, string Sql, double TargetMs)[] Queries =
    [
        ("count scheduled", "scheduled", "SELECT count(*) FROM offer_sends WHERE status = 'scheduled'", 50),
        ("overdue", "overdue", "SELECT count(*) FROM offer_sends WHERE status = 'scheduled' AND scheduled_for < @now", 50),
        ("count failed", "failed", "SELECT count(*) FROM offer_sends WHERE status = 'failed'", 50),
        ("avg retries of sent", "avg_retry", "SELECT avg(retry_count) FROM offer_sends WHERE status = 'sent'", 50),
        ("error breakdown", "errors",
            "SELECT error_message, count(*) FROM offer_sends WHERE retry_count > 0 GROUP BY error_message", 50),
        ("grid page (user)", "grid_user",
            "SELECT * FROM offer_sends WHERE user_id = @user ORDER BY created_at DESC LIMIT 25", 50),
        ("grid page (user, status)", "grid_user_status",
            "SELECT * FROM offer_sends WHERE user_id = @user AND status = @status ORDER BY created_at DESC LIMIT 25", 50),
    ];

    private static void Add(Report report, string name, string key, Distribution times, double targetMs, string plan)
    {
        report.Row(name, times.P50, times.P95, targetMs, plan);
        report.Result(key + "_p95_ms", times.P95);
    }

    /// <summary>The plan's access paths, one line: which index (or scan) each node uses.</summary>
    private static async Task<string> PlanAsync(BenchDatabase db, string explain, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in explain.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        List<string> lines = [];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct))
            {
                var line = reader.GetString(0).Trim().TrimStart('-', '>', ' ');
                if (line.Contains("Scan", StringComparison.Ordinal) && !line.StartsWith("CTE Scan", StringComparison.Ordinal))
                {
                    lines.Add(line[..line.IndexOf("  (", StringComparison.Ordinal)]);
                }
            }
        }
        while (await reader.NextResultAsync(ct));

        return string.Join("; ", lines.Distinct());
    }

    /// <summary>Loads the mix in one statement: row i's kind is i mod 20 (12 sent, 4 scheduled, 2 pending, 1 failed, 1 retrying).</summary>
    private static Task LoadAsync(BenchDatabase db, IReadOnlyList<(Guid UserId, Guid OfferId)> owners, int rows, DateTimeOffset now, CancellationToken ct) =>
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
