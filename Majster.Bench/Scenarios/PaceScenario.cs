using System.Globalization;
using Majster.Bench.Infrastructure;
using Majster.Bench.Reporting;

namespace Majster.Bench.Scenarios;

/// <summary>
/// Sending limits: N sends due at once, a per-minute limit, two app instances on one database and one SMTP sink that
/// timestamps each acceptance. Reports the busiest 60-second window at the sink (must not exceed the limit), the sends
/// in each full minute after the first as a share of the limit, and the apps' CPU in the seconds nothing arrived (the
/// sends held by the limit).
/// </summary>
internal static class PaceScenario
{
    public static async Task RunAsync(BenchContext context, int count, int perMinute, CancellationToken ct)
    {
        var db = context.Database;
        var clock = context.Clock;
        await using var sink = new TimestampingSmtpSink(clock);
        var owner = (await BenchData.OwnersAsync(db, 1, clock.GetUtcNow(), ct))[0];
        var settings = new Dictionary<string, string> { ["Sending__Limits__PerMinute"] = perMinute.ToString(CultureInfo.InvariantCulture) };
        await using var a = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct,
            new Dictionary<string, string>(settings) { ["Scheduler__InstanceName"] = "pace-a" });
        await using var b = await BenchApp.StartAsync(db.ConnectionString, sink.Port, context.WorkDirectory, ct,
            new Dictionary<string, string>(settings) { ["Scheduler__InstanceName"] = "pace-b" });
        context.Log($"pace: {count} sends due at once, {perMinute} a minute, two instances");

        var ids = await BenchData.SendsAsync(db, owner.UserId, count, clock.GetUtcNow(), clock.GetUtcNow(), ct);
        var timeout = TimeSpan.FromMinutes((double)count / perMinute + 3);
        List<(DateTimeOffset At, TimeSpan Cpu, int Arrived)> samples = [];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (ids.Any(id => !sink.Accepted.ContainsKey(id)))
        {
            samples.Add((clock.GetUtcNow(), a.CpuTime() + b.CpuTime(), sink.Accepted.Count));
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Only {sink.Accepted.Count} of {count} sends arrived within {timeout}.");
            }
        }

        var arrivals = ids.Select(id => sink.Accepted[id]).Order().ToList();
        var busiest = Busiest(arrivals, TimeSpan.FromMinutes(1));
        var shares = FullMinutes(arrivals).Select(sent => (double)sent / perMinute).ToList();
        var (heldSeconds, heldCpu) = Held(samples);

        var report = new Report(context.Output, "pace");
        report.Header("system", "sends", "limit/min", "busiest 60 s", "minutes", "share min", "share mean", "held s", "app CPU held %");
        var cpuShare = heldSeconds > 0 ? 100 * heldCpu.TotalSeconds / heldSeconds : 0;
        report.Row("ours (2 instances)", count, perMinute, busiest, shares.Count, shares.DefaultIfEmpty(0).Min(), shares.DefaultIfEmpty(0).Average(),
            heldSeconds, cpuShare);
        report.Result("n", count);
        report.Result("per_minute", perMinute);
        report.Result("busiest_60s", busiest);
        report.Result("share_min", shares.DefaultIfEmpty(0).Min());
        report.Result("share_mean", shares.DefaultIfEmpty(0).Average());
        report.Result("held_app_cpu_percent", cpuShare);
        report.Note("busiest 60 s: the most acceptances at the sink in any 60-second window (sliding, from each arrival)");
        report.Note("share: sends accepted in each full minute after the first one (from the first acceptance), over the limit");
        report.Note("app CPU held: both apps' CPU in the 1-second samples in which nothing arrived, as a share of one core");
        report.Print();
    }

    /// <summary>The most arrivals in any window of <paramref name="width"/> that starts at an arrival.</summary>
    private static int Busiest(IReadOnlyList<DateTimeOffset> arrivals, TimeSpan width)
    {
        var most = 0;
        for (int first = 0, last = 0; first < arrivals.Count; first++)
        {
            while (last < arrivals.Count && arrivals[last] < arrivals[first] + width)
            {
                last++;
            }

            most = Math.Max(most, last - first);
        }

        return most;
    }

    /// <summary>Arrivals in each full minute after the first one, counted from the first arrival.</summary>
    private static IEnumerable<int> FullMinutes(IReadOnlyList<DateTimeOffset> arrivals)
    {
        var start = arrivals[0];
        var minutes = (int)Math.Floor((arrivals[^1] - start).TotalMinutes);
        return Enumerable.Range(1, minutes - 1)
            .Select(m => arrivals.Count(t => t >= start.AddMinutes(m) && t < start.AddMinutes(m + 1)));
    }

    /// <summary>The seconds between samples in which nothing arrived, and the apps' CPU in them.</summary>
    private static (int Seconds, TimeSpan Cpu) Held(IReadOnlyList<(DateTimeOffset At, TimeSpan Cpu, int Arrived)> samples)
    {
        var (seconds, cpu) = (0, TimeSpan.Zero);
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].Arrived == samples[i - 1].Arrived && samples[i - 1].Arrived > 0)
            {
                seconds += (int)Math.Round((samples[i].At - samples[i - 1].At).TotalSeconds);
                cpu += samples[i].Cpu - samples[i - 1].Cpu;
            }
        }

        return (seconds, cpu);
    }
}
