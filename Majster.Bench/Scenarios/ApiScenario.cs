using System.Diagnostics;
using System.Net;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;

namespace Majster.Bench.Scenarios;

/// <summary>
/// <c>POST /schedule-offer</c> under load: wrk (or, without it, a .NET client) on loopback schedules pending sends
/// through the real app; requests per second and the latency distribution at several concurrencies. Runs only when
/// the app has the endpoint; until then it says so and reports no figures.
/// </summary>
internal static class ApiScenario
{
    private const int Concurrency = 32;
    private const int WarmUpRequests = 500;
    private const int MinRequestsForWrk = 1_000;
    private const int WrkIds = 150_000;
    private static readonly int[] WrkLevels = [8, 16, 32, 64];
    private static readonly TimeSpan WrkWarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan WrkPerLevel = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchContext context, int requests, CancellationToken ct)
    {
        var db = context.Database;
        var clock = context.Clock;
        var report = new Report(context.Output, "api");
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];
        await using var sink = new TimestampingSmtpSink(clock);
        await using var app = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct);
        using var api = new ScheduleOfferClient(app);

        var probe = await BenchData.SendsAsync(db, owner.UserId, 1, null, clock.GetUtcNow(), ct);
        if (!await api.EndpointExistsAsync(probe[0], clock.GetUtcNow(), ct))
        {
            report.Note("waiting for the endpoint: POST /schedule-offer is not in this build of Majster.Admin (branch api-work); no figures");
            report.Result("status", "waiting_for_endpoint");
            report.Print();
            return;
        }

        var wrk = requests >= MinRequestsForWrk ? WrkLoad.Find() : null;
        if (wrk is not null)
        {
            await RunWithWrkAsync(context, report, app, owner, wrk, ct);
        }
        else
        {
            await RunWithClientAsync(context, report, api, owner, requests, ct);
        }

        report.Note($"app peak RSS {Report.Format(app.PeakRssMiB())} MiB");
        report.Print();
    }

    /// <summary>
    /// wrk at 8, 16, 32 and 64 connections, 10 s each, after 20 s of warm-up (a running app has compiled its hot paths;
    /// 500 requests left it still compiling). Every request schedules a different pending send.
    /// </summary>
    private static async Task RunWithWrkAsync(
        BenchContext context, Report report, AppProcess app, (Guid UserId, Guid OfferId) owner, string wrk, CancellationToken ct)
    {
        var clock = context.Clock;
        var ids = await BenchData.SendsAsync(context.Database, owner.UserId, WrkIds, null, clock.GetUtcNow(), ct);
        var script = await WrkLoad.PrepareAsync(Path.Combine(context.WorkDirectory, "wrk"), ids, ct);
        var scheduledFor = clock.GetUtcNow().AddDays(1);
        context.Log($"api: wrk warm-up, {WrkWarmUp.TotalSeconds:0} s at {Concurrency} connections");
        Check(await WrkLoad.RunAsync(wrk, script, app, Concurrency, WrkWarmUp, 0, scheduledFor, ct));

        report.Header("system", "load", "connections", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms");
        for (var level = 0; level < WrkLevels.Length; level++)
        {
            var connections = WrkLevels[level];
            context.Log($"api: wrk {WrkPerLevel.TotalSeconds:0} s at {connections} connections");
            var firstId = (level + 1) * WrkIds / (WrkLevels.Length + 1);
            var result = Check(await WrkLoad.RunAsync(wrk, script, app, connections, WrkPerLevel, firstId, scheduledFor, ct));
            report.Row("ours (POST /schedule-offer)", "wrk", connections, result.Requests, result.RequestsPerSecond, result.P50Ms, result.P90Ms, result.P99Ms);
            var prefix = connections == Concurrency ? "" : $"c{connections}_";
            report.Result(prefix + "req_per_s", result.RequestsPerSecond);
            report.Result(prefix + "p50_ms", result.P50Ms);
            report.Result(prefix + "p99_ms", result.P99Ms);
            if (connections == Concurrency)
            {
                report.Result("requests", result.Requests);
            }
        }

        report.Note($"load: wrk (2 threads, C) on loopback, {WrkWarmUp.TotalSeconds:0} s warm-up at {Concurrency} connections, then {WrkPerLevel.TotalSeconds:0} s per level; every request answered 200; the RESULT keys without a prefix are at {Concurrency} connections");
    }

    private static WrkResult Check(WrkResult result) => result.Non2xx == 0
        ? result
        : throw new InvalidOperationException($"POST /schedule-offer answered {result.Non2xx} of {result.Requests} requests with other than 2xx.");

    /// <summary>The .NET client (wrk not installed, or a smoke run): <paramref name="requests"/> after 500 warm-up ones.</summary>
    private static async Task RunWithClientAsync(
        BenchContext context, Report report, ScheduleOfferClient api, (Guid UserId, Guid OfferId) owner, int requests, CancellationToken ct)
    {
        var clock = context.Clock;
        var ids = await BenchData.SendsAsync(context.Database, owner.UserId, WarmUpRequests + requests, null, clock.GetUtcNow(), ct);
        var scheduledFor = clock.GetUtcNow().AddDays(1);
        await SendAsync(api, ids.Take(WarmUpRequests).ToList(), scheduledFor, ct);

        var stopwatch = Stopwatch.StartNew();
        var latencies = await SendAsync(api, ids.Skip(WarmUpRequests).ToList(), scheduledFor, ct);
        var elapsed = stopwatch.Elapsed;
        var times = Distribution.Of(latencies);
        var rate = requests / elapsed.TotalSeconds;

        report.Header("system", "load", "concurrency", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms");
        report.Row("ours (POST /schedule-offer)", ".NET client", Concurrency, requests, rate, times.P50, times.P95, times.P99);
        report.Result("requests", requests);
        report.Result("req_per_s", rate);
        report.Result("p50_ms", times.P50);
        report.Result("p99_ms", times.P99);
        report.Note($"load: a .NET HttpClient in the bench process (wrk not installed, or fewer than {MinRequestsForWrk} requests); {WarmUpRequests} warm-up requests first; every request answered 200");
    }

    private static async Task<List<double>> SendAsync(ScheduleOfferClient api, IReadOnlyList<Guid> ids, DateTimeOffset scheduledFor, CancellationToken ct)
    {
        var latencies = new double[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                var status = await api.ScheduleAsync(ids[i], scheduledFor, token);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"POST /schedule-offer answered {(int)status} for {ids[i]}.");
                }
            });
        return [.. latencies];
    }
}
