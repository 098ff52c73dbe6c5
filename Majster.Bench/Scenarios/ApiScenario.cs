using System.Diagnostics;
using System.Net;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;

namespace Majster.Bench.Scenarios;

/// <summary>
/// <c>POST /schedule-offer</c> under load: a .NET client on loopback with bounded concurrency schedules pending sends
/// through the real app; requests per second and the latency distribution. Runs only when the app has the
/// endpoint; until then it says so and reports no figures.
/// </summary>
internal static class ApiScenario
{
    private const int Concurrency = 32;
    private const int WarmUpRequests = 500;

    public static async Task RunAsync(BenchContext context, int requests, CancellationToken ct)
    {
        var db = context.Database;
        var clock = context.Clock;
        var report = new Report(context.Output, "api");
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];
        await using var sink = new TimestampingSmtpSink(clock);
        await using var app = await AppProcess.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct);
        using var api = new ScheduleOfferClient(app);

        var probe = await BenchData.SendsAsync(db, owner, 1, null, clock.GetUtcNow(), ct);
        if (!await api.EndpointExistsAsync(probe[0], clock.GetUtcNow(), ct))
        {
            report.Note("waiting for the endpoint: POST /schedule-offer is not in this build of Majster.Admin (branch api-work); no figures");
            report.Result("status", "waiting_for_endpoint");
            report.Print();
            return;
        }

        var ids = await BenchData.SendsAsync(db, owner, WarmUpRequests + requests, null, clock.GetUtcNow(), ct);
        var scheduledFor = clock.GetUtcNow().AddDays(1);
        await SendAsync(api, ids.Take(WarmUpRequests).ToList(), scheduledFor, ct);

        var stopwatch = Stopwatch.StartNew();
        var latencies = await SendAsync(api, ids.Skip(WarmUpRequests).ToList(), scheduledFor, ct);
        var elapsed = stopwatch.Elapsed;
        var times = Distribution.Of(latencies);
        var rate = requests / elapsed.TotalSeconds;

        report.Header("system", "requests", "concurrency", "req/s", "p50 ms", "p95 ms", "p99 ms");
        report.Row("ours (POST /schedule-offer)", requests, Concurrency, rate, times.P50, times.P95, times.P99);
        report.Result("requests", requests);
        report.Result("req_per_s", rate);
        report.Result("p50_ms", times.P50);
        report.Result("p99_ms", times.P99);
        report.Note($"{WarmUpRequests} warm-up requests first; every request answered 200; app peak RSS {Report.Format(app.PeakRssMiB())} MiB");
        report.Print();
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
