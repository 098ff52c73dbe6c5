using Majster.Bench.Infrastructure;
using Majster.Bench.Peers;
using Majster.Bench.Reporting;
using Npgsql;

namespace Majster.Bench.Scenarios;

/// <summary>
/// N sends due now, all accepted by a real SMTP sink (Postfix's smtp-sink). Ours: the real app, woken by its
/// NOTIFY trigger, draining through its engine. Peers in the same run: raw MailKit over as many reused connections
/// (the physical limit), Hangfire delayed jobs (defaults and tuned), and the runbook's design.
/// </summary>
internal static class DrainScenario
{
    public static async Task RunAsync(BenchContext context, int count, int peerCount, bool withHangfire, CancellationToken ct)
    {
        var db = context.Database;
        var clock = context.Clock;
        await using var sink = await PostfixSmtpSink.StartAsync(ct);
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];
        var connections = context.Scheduler.SendConcurrency;
        var report = new Report(context.Output, "drain");
        report.Header("system", "sends", "elapsed", "sends/s", "ours ÷ it");
        report.Note($"sink: Postfix smtp-sink on 127.0.0.1:{sink.Port}; {connections} SMTP connections; batch {context.Scheduler.BatchSize}");

        // (a) The physical limit.
        context.Log($"raw MailKit: composing and sending {count} messages");
        await using var composer = context.Composer(sink.Port);
        var messages = new List<MimeKit.MimeMessage>(count);
        for (var i = 1; i <= count; i++)
        {
            messages.Add(await composer.ComposeAsync(BenchData.EmailFor(Guid.NewGuid(), i)));
        }

        var benchCpuAtStart = Environment.CpuUsage.TotalTime;
        var raw = await RawMailKitPeer.SendAllAsync(messages, connections, sink.Port, ct);
        var rawCpu = Environment.CpuUsage.TotalTime - benchCpuAtStart;
        messages.Clear();
        var rawRate = count / raw.TotalSeconds;

        // Ours: the real app.
        context.Log($"ours: starting Majster.Admin and inserting {count} sends due now");
        double peakRss;
        TimeSpan ours;
        TimeSpan oursCpu;
        TimeSpan serverCpu;
        TimeSpan insertTook;
        await using (var app = await AppProcess.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct))
        {
            var insertedAt = clock.GetUtcNow();
            var cpuAtStart = app.CpuTime();
            var serverCpuAtStart = db.ServerCpuTime();
            var ids = await BenchData.SendsAsync(db, owner, count, insertedAt, insertedAt, ct);
            // The rows exist (for the app, as for anyone) once the INSERT has committed: the clock starts there, not
            // while the bench is still writing them (20,000 rows with their triggers take a noticeable time).
            var startedAt = clock.GetUtcNow();
            insertTook = startedAt - insertedAt;
            // Timed by processed_at below, so a poll a second is enough (every 100 ms, looking up 20,000 ids each
            // time, took a noticeable share of the two cores from the app it was timing).
            var sent = await HangfirePeer.WaitUntilSentAsync(db, ids, TimeSpan.FromMinutes(10), ct, TimeSpan.FromSeconds(1));
            oursCpu = app.CpuTime() - cpuAtStart;
            serverCpu = db.ServerCpuTime() - serverCpuAtStart;
            if (sent < count)
            {
                throw new InvalidOperationException($"Ours sent only {sent} of {count} within 10 minutes; see {app.LogPath}.");
            }

            var lastProcessed = await db.ScalarAsync<DateTimeOffset>(
                "SELECT max(processed_at) FROM offer_sends WHERE id = ANY(@ids)", ct, new NpgsqlParameter<Guid[]>("ids", [.. ids]));
            ours = lastProcessed - startedAt;
            peakRss = app.PeakRssMiB();
        }

        var oursRate = count / ours.TotalSeconds;
        report.Row("ours (Majster.Admin)", count, ours, oursRate, "1.00");
        report.Row("raw MailKit (limit)", count, raw, rawRate, oursRate / rawRate);
        report.Result("n", count);
        report.Result("ours_per_s", oursRate);
        report.Result("raw_per_s", rawRate);
        report.Result("ours_vs_raw", oursRate / rawRate);
        report.Result("peak_rss_mib", peakRss);
        report.Result("app_cpu_ms_per_send", oursCpu.TotalMilliseconds / count);
        report.Result("pg_cpu_ms_per_send", serverCpu.TotalMilliseconds / count);
        report.Result("raw_cpu_ms_per_send", rawCpu.TotalMilliseconds / count);

        // (b) Hangfire delayed jobs, defaults then tuned.
        await using var sender = context.Sender(composer, sink.Port);
        HangfireVariant[] variants = withHangfire ? [HangfireVariant.Defaults(Schema), HangfireVariant.Tuned(Schema)] : [];
        foreach (var variant in variants)
        {
            context.Log($"{variant.Name}: scheduling {peerCount} jobs due now");
            await db.InstallHangfireAsync(Schema, ct);
            var now = clock.GetUtcNow();
            var ids = await BenchData.SendsAsync(db, owner, peerCount, now, now, ct);
            var (elapsed, sent) = await HangfirePeer.RunAsync(db, variant, sender, ids, _ => now, clock, TimeSpan.FromMinutes(10), ct);
            var rate = sent / elapsed.TotalSeconds;
            report.Row(variant.Name + (sent < peerCount ? $" (only {sent} sent)" : ""), peerCount, elapsed, rate, oursRate / rate);
            report.Result(variant.Name.Replace('-', '_') + "_per_s", rate);
            report.Result("ours_vs_" + variant.Name.Replace('-', '_'), oursRate / rate);
            await db.ExecuteAsync($"DROP SCHEMA {Schema} CASCADE", ct);
        }

        // (c) The runbook's design.
        context.Log($"runbook design: {peerCount} sends due now");
        var runbookIds = await BenchData.SendsAsync(db, owner, peerCount, clock.GetUtcNow(), clock.GetUtcNow(), ct);
        var runbook = await RunbookPeer.DrainAsync(db, composer, runbookIds, sink.Port, clock, ct);
        var runbookRate = peerCount / runbook.TotalSeconds;
        report.Row("runbook design (batch 50, 1 conn/msg)", peerCount, runbook, runbookRate, oursRate / runbookRate);
        report.Row("runbook as deployed (50 per 5-min cron, computed)", "-", "-", RunbookPeer.BatchSize / 300.0, oursRate / (RunbookPeer.BatchSize / 300.0));
        report.Result("runbook_per_s", runbookRate);
        report.Result("ours_vs_runbook", oursRate / runbookRate);
        report.Note($"ours: from the commit of the INSERT of {count} due rows (which took {Report.Format(insertTook.TotalSeconds)} s) to the last processed_at; app peak RSS (VmHWM) {Report.Format(peakRss)} MiB; app CPU {Report.Format(oursCpu.TotalMilliseconds / count)} ms and PostgreSQL CPU {Report.Format(serverCpu.TotalMilliseconds / count)} ms per send (less sensitive to the machine's load than sends/s); raw MailKit: {Report.Format(rawCpu.TotalMilliseconds / count)} ms of CPU per send");
        report.Print();
    }

    private const string Schema = "hangfire_bench";
}
