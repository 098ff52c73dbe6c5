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
/// <remarks>
/// Ours and raw MailKit are timed warm and side by side: each first sends <c>warmUp</c> messages untimed (by default
/// as many as it is timed on, so that neither is timed while its runtime still compiles the hot path: the app's JIT
/// took about a sixth of the machine in the first seconds after it started, and raw MailKit, warmed on a tenth as
/// many, still got faster from round to round), then <c>rounds</c> rounds each time raw MailKit and then ours on N
/// messages. A round's ratio compares two drains seconds apart, so a burst of load from outside hits both or neither
/// more often than when one ran long before the other; the result is the median of the rounds, with the lowest
/// beside it.
/// </remarks>
internal static class DrainScenario
{
    public static async Task RunAsync(BenchContext context, DrainSettings settings, CancellationToken ct)
    {
        var (count, peerCount) = (settings.Count, settings.PeerCount);
        var warmUp = Math.Min(settings.WarmUp, count);
        var db = context.Database;
        var clock = context.Clock;
        await using var sink = await PostfixSmtpSink.StartAsync(ct);
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];
        var connections = context.Scheduler.SendConcurrency;
        var report = new Report(context.Output, "drain");
        report.Header("system", "sends", "elapsed", "sends/s", "ours ÷ it");
        report.Note($"sink: Postfix smtp-sink on 127.0.0.1:{sink.Port}; {connections} SMTP connections; batch {context.Scheduler.BatchSize}; ours and raw MailKit timed after {warmUp} untimed sends each, in {settings.Rounds} rounds of raw then ours");

        context.Log($"raw MailKit: composing {count} messages and sending the first {warmUp} untimed");
        await using var composer = context.Composer(sink.Port);
        var messages = new List<MimeKit.MimeMessage>(count);
        for (var i = 1; i <= count; i++)
        {
            messages.Add(await composer.ComposeAsync(BenchData.EmailFor(Guid.NewGuid(), i)));
        }

        await RawMailKitPeer.SendAllAsync(messages[..warmUp], connections, sink.Port, ct);

        List<DrainRound> rounds = [];
        double peakRss;
        await using (var app = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct))
        {
            if (warmUp > 0)
            {
                context.Log($"ours: Majster.Admin started; {warmUp} warm-up sends");
                await DrainOursAsync(context, app, owner.UserId, warmUp, ct);
            }

            for (var round = 1; round <= settings.Rounds; round++)
            {
                context.Log($"round {round}: raw MailKit, then ours, {count} sends each");
                var rawCpuAtStart = Environment.CpuUsage.TotalTime;
                var raw = await RawMailKitPeer.SendAllAsync(messages, connections, sink.Port, ct);
                var rawCpu = Environment.CpuUsage.TotalTime - rawCpuAtStart;
                var ours = await DrainOursAsync(context, app, owner.UserId, count, ct);
                rounds.Add(new DrainRound(ours, raw, rawCpu));
                report.Row($"round {round}: ours (Majster.Admin)", count, ours.Elapsed, count / ours.Elapsed.TotalSeconds, "1.00");
                report.Row($"round {round}: raw MailKit (limit)", count, raw, count / raw.TotalSeconds, rounds[^1].Ratio);
            }

            peakRss = app.PeakRssMiB();
        }

        messages.Clear();
        var oursRate = Median(rounds.Select(r => count / r.Ours.Elapsed.TotalSeconds));
        var rawRate = Median(rounds.Select(r => count / r.Raw.TotalSeconds));
        var sends = (double)count * rounds.Count;
        var appCpuPerSend = rounds.Sum(r => r.Ours.AppCpu.TotalMilliseconds) / sends;
        var serverCpuPerSend = rounds.Sum(r => r.Ours.ServerCpu.TotalMilliseconds) / sends;
        var rawCpuPerSend = rounds.Sum(r => r.RawCpu.TotalMilliseconds) / sends;
        report.Result("n", count);
        report.Result("rounds", rounds.Count);
        report.Result("ours_per_s", oursRate);
        report.Result("raw_per_s", rawRate);
        report.Result("ours_vs_raw", Median(rounds.Select(r => r.Ratio)));
        report.Result("ours_vs_raw_min", rounds.Min(r => r.Ratio));
        report.Result("ours_vs_raw_rounds", string.Join('/', rounds.Select(r => Report.Format(r.Ratio))));
        report.Result("peak_rss_mib", peakRss);
        report.Result("app_cpu_ms_per_send", appCpuPerSend);
        report.Result("pg_cpu_ms_per_send", serverCpuPerSend);
        report.Result("raw_cpu_ms_per_send", rawCpuPerSend);

        // (b) Hangfire delayed jobs, defaults then tuned.
        await using var sender = context.Sender(composer, sink.Port);
        HangfireVariant[] variants = settings.WithHangfire ? [HangfireVariant.Defaults(Schema), HangfireVariant.Tuned(Schema)] : [];
        foreach (var variant in variants)
        {
            context.Log($"{variant.Name}: scheduling {peerCount} jobs due now");
            await db.InstallHangfireAsync(Schema, ct);
            var now = clock.GetUtcNow();
            var ids = await BenchData.SendsAsync(db, owner.UserId, peerCount, now, now, ct);
            var (elapsed, sent) = await HangfirePeer.RunAsync(db, variant, sender, ids, _ => now, clock, TimeSpan.FromMinutes(10), ct);
            var rate = sent / elapsed.TotalSeconds;
            report.Row(variant.Name + (sent < peerCount ? $" (only {sent} sent)" : ""), peerCount, elapsed, rate, oursRate / rate);
            report.Result(variant.Name.Replace('-', '_') + "_per_s", rate);
            report.Result("ours_vs_" + variant.Name.Replace('-', '_'), oursRate / rate);
            await db.ExecuteAsync($"DROP SCHEMA {Schema} CASCADE", ct);
        }

        // (c) The runbook's design.
        context.Log($"runbook design: {peerCount} sends due now");
        var runbookIds = await BenchData.SendsAsync(db, owner.UserId, peerCount, clock.GetUtcNow(), clock.GetUtcNow(), ct);
        var runbook = await RunbookPeer.DrainAsync(db, composer, runbookIds, sink.Port, clock, ct);
        var runbookRate = peerCount / runbook.TotalSeconds;
        report.Row("runbook design (batch 50, 1 conn/msg)", peerCount, runbook, runbookRate, oursRate / runbookRate);
        report.Row("runbook as deployed (50 per 5-min cron, computed)", "-", "-", RunbookPeer.BatchSize / 300.0, oursRate / (RunbookPeer.BatchSize / 300.0));
        report.Result("runbook_per_s", runbookRate);
        report.Result("ours_vs_runbook", oursRate / runbookRate);
        report.Note($"ours: from the commit of the INSERT of {count} due rows (which took {Report.Format(Median(rounds.Select(r => r.Ours.InsertTook.TotalSeconds)))} s, median) to the last processed_at; app peak RSS (VmHWM) {Report.Format(peakRss)} MiB; app CPU {Report.Format(appCpuPerSend)} ms and PostgreSQL CPU {Report.Format(serverCpuPerSend)} ms per send (less sensitive to the machine's load than sends/s); raw MailKit: {Report.Format(rawCpuPerSend)} ms of CPU per send; results: medians of the rounds");
        report.Print();
    }

    /// <summary>
    /// Inserts <paramref name="count"/> sends due now and waits until the app has sent them all; timed from the
    /// commit of the INSERT (the rows exist for the app, as for anyone, from then; 20,000 rows with their triggers take
    /// a noticeable time to write) to the last <c>processed_at</c>.
    /// </summary>
    private static async Task<OursDrain> DrainOursAsync(
        BenchContext context, AppProcess app, Guid userId, int count, CancellationToken ct)
    {
        var db = context.Database;
        var insertedAt = context.Clock.GetUtcNow();
        var cpuAtStart = app.CpuTime();
        var serverCpuAtStart = db.ServerCpuTime();
        var ids = await BenchData.SendsAsync(db, userId, count, insertedAt, insertedAt, ct);
        var startedAt = context.Clock.GetUtcNow();
        // Timed by processed_at below, so a poll a second is enough (every 100 ms, looking up 20,000 ids each time,
        // took a noticeable share of the two cores from the app it was timing).
        var sent = await HangfirePeer.WaitUntilSentAsync(db, ids, TimeSpan.FromMinutes(10), ct, TimeSpan.FromSeconds(1));
        var appCpu = app.CpuTime() - cpuAtStart;
        var serverCpu = db.ServerCpuTime() - serverCpuAtStart;
        if (sent < count)
        {
            throw new InvalidOperationException($"Ours sent only {sent} of {count} within 10 minutes; see {app.LogPath}.");
        }

        var lastProcessed = await db.ScalarAsync<DateTimeOffset>(
            "SELECT max(processed_at) FROM offer_sends WHERE id = ANY(@ids)", ct, new NpgsqlParameter<Guid[]>("ids", [.. ids]));
        return new OursDrain(lastProcessed - startedAt, startedAt - insertedAt, appCpu, serverCpu);
    }

    private static double Median(IEnumerable<double> values) => Distribution.Of(values).P50;

    private const string Schema = "hangfire_bench";
}

/// <summary>What the drain is asked for: N sends, W untimed warm-up sends, R rounds, the peers' N, and whether Hangfire runs.</summary>
internal sealed record DrainSettings(int Count, int WarmUp, int Rounds, int PeerCount, bool WithHangfire);

/// <summary>One drain of ours: its time, the INSERT before it, and the CPU the app and PostgreSQL used meanwhile.</summary>
internal sealed record OursDrain(TimeSpan Elapsed, TimeSpan InsertTook, TimeSpan AppCpu, TimeSpan ServerCpu);

/// <summary>One round: ours and raw MailKit on the same N, timed seconds apart.</summary>
internal sealed record DrainRound(OursDrain Ours, TimeSpan Raw, TimeSpan RawCpu)
{
    public double Ratio => Raw.TotalSeconds / Ours.Elapsed.TotalSeconds;
}
